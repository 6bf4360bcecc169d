/**
 * Allowlist first (picklescan#70, modelscan#330/#331): a pickle may name only the globals ordinary
 * PyTorch, NumPy and scikit-learn checkpoints need. Known-dangerous globals are critical, anything
 * else is a warning that names it. Blocklists alone were bypassed by importlib + getattr chains
 * and by reaching builtins through numpy.__builtins__.
 */
export type GlobalVerdict = 'safe' | 'dangerous' | 'unknown';

const SAFE_EXACT = new Set([
  'collections.OrderedDict',
  'collections.defaultdict',
  'collections.Counter',
  'collections.deque',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_tensor_v3',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'torch._utils._rebuild_qtensor',
  'torch._utils._rebuild_sparse_tensor',
  'torch._utils._rebuild_nested_tensor',
  'torch._utils._rebuild_device_tensor_from_numpy',
  'torch._utils._rebuild_meta_tensor_no_storage',
  'torch._utils._rebuild_wrapper_subclass',
  'torch._tensor._rebuild_from_type_v2',
  'torch.nn.parameter.Parameter',
  'torch.Size',
  'torch.device',
  'torch.storage.UntypedStorage',
  'torch.storage.TypedStorage',
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar',
  'numpy.core.numeric._frombuffer',
  'numpy._core.numeric._frombuffer',
  'numpy.ndarray',
  'numpy.dtype',
  'numpy.random._pickle.__randomstate_ctor',
  'numpy.random._pickle.__generator_ctor',
  'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random.mtrand.RandomState',
  '_codecs.encode',
  'copyreg._reconstructor',
  'copy_reg._reconstructor',
  'copyreg.__newobj__',
  'joblib.numpy_pickle.NumpyArrayWrapper',
  'joblib.numpy_pickle.NDArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper',
  'datetime.datetime',
  'datetime.date',
  'datetime.timedelta',
  'decimal.Decimal',
  'fractions.Fraction',
  'uuid.UUID',
  'pathlib.PosixPath',
  'pathlib.WindowsPath',
  'argparse.Namespace',
]);

const SAFE_BUILTINS = new Set(['set', 'frozenset', 'slice', 'range', 'complex', 'bytearray', 'bytes', 'object', 'int', 'float', 'str', 'bool', 'dict', 'list', 'tuple', 'True', 'False', 'None']);

const TORCH_DTYPES = new Set(['float16', 'float32', 'float64', 'bfloat16', 'half', 'float', 'double', 'int8', 'int16', 'int32', 'int64', 'uint8', 'bool', 'complex64', 'complex128', 'long', 'int', 'short', 'qint8', 'quint8', 'qint32', 'float8_e4m3fn', 'float8_e5m2', 'strided', 'sparse_coo', 'contiguous_format', 'channels_last', 'preserve_format']);

/** Modules whose every member is dangerous: they run commands, import code, open sockets or files. */
const DANGEROUS_MODULES = [
  'os', 'posix', 'nt', 'posixpath', 'ntpath', 'subprocess', 'sys', 'socket', 'shutil', 'runpy', 'importlib', 'imp', 'pkgutil', 'ctypes', 'pty', 'pdb', 'bdb',
  'pydoc', 'timeit', 'venv', 'webbrowser', 'pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle', 'pip', 'commands', 'httplib', 'http', 'urllib', 'urllib2',
  'requests', 'aiohttp', 'asyncio', 'ssl', 'multiprocessing', 'code', 'codeop', 'marshal', 'types', 'ftplib', 'smtplib', 'telnetlib', 'signal', 'tempfile',
  'glob', 'io', '_io', 'platform', 'threading', '_thread', 'gc', 'inspect', 'sysconfig', 'zipimport', 'distutils', 'setuptools', 'numpy.f2py',
  'numpy.distutils', 'numpy.testing', 'torch.hub', 'torch.jit', 'torch.package', 'torch.utils.cpp_extension', 'torch._inductor', 'torch.fx',
  'operator', '_operator', 'functools', '_functools', 'joblib.parallel', 'keras.src.utils', 'tensorflow.io', 'sklearn.externals',
];

const DANGEROUS_EXACT = new Set([
  'builtins.eval', 'builtins.exec', 'builtins.compile', 'builtins.open', 'builtins.getattr', 'builtins.setattr', 'builtins.delattr', 'builtins.__import__',
  'builtins.apply', 'builtins.breakpoint', 'builtins.input', 'builtins.execfile', 'builtins.globals', 'builtins.locals', 'builtins.vars', 'builtins.help',
  'builtins.memoryview', 'builtins.type', 'builtins.super', 'builtins.classmethod', 'builtins.staticmethod', 'builtins.property', 'builtins.dir', 'builtins.exit', 'builtins.quit',
  'torch.load', 'torch.serialization.load', 'torch.storage._load_from_bytes', 'numpy.load', 'numpy.lib.npyio.load', 'numpy.fromfile', 'numpy.save',
  'joblib.load', 'pandas.read_pickle', 'pandas.io.pickle.read_pickle', 'keras.models.load_model', 'tensorflow.keras.models.load_model',
]);

// Protocol 4 resolves dotted names attribute by attribute (pickle.py _getattribute), so
// "numpy.lib" + "os.system" reaches os.system through a module attribute.
const DANGEROUS_SEGMENTS = new Set(['os', 'sys', 'subprocess', 'posix', 'nt', 'builtins', 'importlib', 'runpy', 'socket', 'shutil', 'pty', 'ctypes', 'eval', 'exec', 'system', 'popen', 'getattr', 'import_module', 'compile', 'spawn', 'check_output', 'check_call', 'Popen', 'execv', 'execve', 'open', 'load', 'loads']);

function dunderSegment(path: string): boolean {
  return path.split('.').some((s) => s.length > 4 && s.startsWith('__') && s.endsWith('__'));
}

export function classifyGlobal(module: string, name: string, extraAllowed: ReadonlySet<string> = new Set(), extraDenied: ReadonlySet<string> = new Set()): GlobalVerdict {
  const mod = module === '__builtin__' || module === 'exceptions' ? 'builtins' : module;
  const full = `${mod}.${name}`;
  if (extraDenied.has(full) || extraDenied.has(`${mod}.*`)) return 'dangerous';
  if (SAFE_EXACT.has(full)) return 'safe';
  if (mod === 'builtins' && SAFE_BUILTINS.has(name)) return 'safe';
  if (DANGEROUS_EXACT.has(full)) return 'dangerous';
  if (mod === 'builtins') return 'dangerous';
  for (const m of DANGEROUS_MODULES) if (mod === m || mod.startsWith(`${m}.`) || full === m) return 'dangerous';
  // Classes defined in the saving script (torch.save(model) from a script) live in __main__: not
  // an import of anything dangerous, but not known either.
  if (mod === '__main__' && !dunderSegment(name) && !name.includes('.')) return extraAllowed.has(full) ? 'safe' : 'unknown';
  // numpy.__builtins__, torch.__dict__ and friends reach eval without naming a dangerous module.
  if (dunderSegment(mod) || dunderSegment(name) || /[^A-Za-z0-9_.]/.test(full)) return 'dangerous';
  if (name.includes('.') && name.split('.').some((s) => DANGEROUS_SEGMENTS.has(s))) return 'dangerous';
  if (extraAllowed.has(full) || [...extraAllowed].some((p) => p.endsWith('.*') && mod === p.slice(0, -2))) return 'safe';
  if (mod === 'torch' && (TORCH_DTYPES.has(name) || /^[A-Z][A-Za-z0-9]*Storage$/.test(name) || /^[A-Z][A-Za-z]*Tensor$/.test(name))) return 'safe';
  // Classes of ordinary modules (layers, estimators) are rebuilt, not called with attacker arguments
  // beyond their own __setstate__; functions in the same packages are not allowed by prefix.
  const isClass = /^[A-Z][A-Za-z0-9_]*$/.test(name);
  if (isClass && /^(torch\.nn\.modules|torch\.nn\.parameter|torch\.optim|sklearn|numpy|scipy\.sparse|pandas\.core|xgboost\.sklearn|lightgbm\.sklearn|transformers\.(models|configuration_utils|tokenization_utils))(\.|$)/.test(mod)) return 'safe';
  if (/^numpy(\._core|\.core)?$/.test(mod) && /^(float|int|uint|complex|bool_|str_|bytes_|object_|datetime64|timedelta64)\d*$/.test(name)) return 'safe';
  if (/^scipy\.sparse(\._[a-z]+)?$/.test(mod) && /^[a-z]{3}_(matrix|array)$/.test(name)) return 'safe';
  return 'unknown';
}
