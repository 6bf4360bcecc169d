import type { ModelFinding } from './types.js';

/**
 * Chat templates are Jinja2 rendered by the model runner; an unsandboxed render of a hostile
 * template is code execution (CVE-2024-34359, llama-cpp-python < 0.2.72). Benign templates only
 * loop over messages and print fields; they never reach Python internals. The patterns are the
 * server-side template injection idioms: dunder attributes, |attr, escaped underscores built at
 * render time, string concatenation of dunder names, and template loading tags.
 */
const CRITICAL: [RegExp, string][] = [
  [/__[a-zA-Z_]+__/, 'Python dunder attribute access'],
  [/\|\s*attr\b/, 'the |attr filter'],
  [/\battr\s*\(/, 'the attr() filter call'],
  [/\\x5f|\\u005f|\\U0000005f|\\137|\\N\{LOW LINE\}/i, 'an escaped underscore'],
  [/\b(os|subprocess|builtins|importlib|sys)\s*\.\s*[a-z_]+/, 'a Python module reference'],
  [/\b(popen|system|eval|exec|__import__|import_module|getattr|globals|subclasses|mro)\s*\(/, 'a call of a Python builtin'],
  [/\b(lipsum|cycler|joiner|namespace|self|config|request|url_for|get_flashed_messages)\s*\.\s*_/, 'a Jinja global\'s private attribute'],
  [/\|\s*(format|join)\b[^}]*['"]_{1,2}['"]/, 'underscores assembled by a filter'],
];
const HIGH: [RegExp, string][] = [[/\{%-?\s*(import|include|extends|from)\b/, 'a template-loading tag']];

export function checkChatTemplate(template: string, where: string): ModelFinding[] {
  const findings: ModelFinding[] = [];
  const text = template.length > 4_000_000 ? template.slice(0, 4_000_000) : template;
  // '__cla' ~ 'ss__' and '_' + '_class' are joined before the check.
  const joined = text.replace(/['"]\s*[~+]\s*['"]/g, '');
  const hits = new Set<string>();
  for (const [re, why] of CRITICAL) if (re.test(text) || re.test(joined)) hits.add(why);
  if (hits.size > 0) {
    findings.push({
      code: 'MODEL_TEMPLATE_INJECTION',
      severity: 'critical',
      title: `Chat template reaches Python internals (${[...hits].join(', ')})`,
      message: `The chat template in ${where} uses ${[...hits].join(', ')}: server-side template injection that runs code when a runner renders it without a sandbox (CVE-2024-34359).`,
      detail: where,
      references: ['CVE-2024-34359'],
    });
  }
  for (const [re, why] of HIGH) {
    if (re.test(text)) findings.push({ code: 'MODEL_TEMPLATE_LOADS_FILES', severity: 'high', title: `Chat template uses ${why}`, message: `The chat template in ${where} uses ${why}, which reads other templates from the runner's file system.`, detail: where });
  }
  return findings;
}
