import type { Severity } from '../../core/index.js';
import { severityRank, type ScanFinding } from '../report/index.js';
import type { Capability } from './data.js';
import type { EndpointResult } from './engine.js';

/** Endpoint results → report findings. Messages name services, versions and capabilities only. */

const CAPABILITY_TEXT: Record<Capability, string> = {
  'list-models': 'list the models',
  'pull-models': 'pull (download) models onto the server',
  'delete-models': 'delete models',
  'load-models': 'load and unload models',
  'run-inference': "run inference on the operator's compute",
  'read-data': 'read stored data',
  'write-data': 'write data',
  'delete-data': 'delete data',
  'read-files': 'read files on the server',
  'write-files': 'upload files to the server',
  'run-code': 'run code on the server',
  admin: 'take over the administrator account',
};

export function capabilityText(caps: readonly Capability[]): string {
  return caps.map((c) => CAPABILITY_TEXT[c]).join(', ');
}

export interface FindingPolicy {
  /** Lowest failing severity; undefined: nothing fails. */
  failOn: Severity | undefined;
}

export function findingsFor(r: EndpointResult, policy: FindingPolicy): ScanFinding[] {
  const out: ScanFinding[] = [];
  const fails = (s: Severity) => policy.failOn !== undefined && severityRank(s) >= severityRank(policy.failOn);
  const id = r.identification;
  if (!id) {
    if (r.state !== 'open') return out;
    const ev = r.evidence;
    const what = ev?.protocol === 'http' ? `HTTP ${ev.status ?? '?'}${ev.server ? `, server ${ev.server}` : ''}` : ev?.protocol === 'redis' ? 'Redis protocol' : 'no recognisable protocol';
    out.push({
      code: 'EXPOSURE_UNKNOWN_SERVICE',
      severity: 'info',
      title: `open port, service not recognised (${what})`,
      message: `${r.target} answered (${what}) but matched none of the fingerprints; it is reported, not named.`,
      subject: `${r.target} unknown`,
      location: { target: r.target },
      failing: fails('info'),
      properties: { service: 'unknown', tls: r.tls === true, ...(ev ? { evidence: ev } : {}) },
    });
    return out;
  }
  const s = id.service;
  const label = `${s.name}${id.version !== undefined ? ` ${id.version}` : ''}`;
  const subject = `${r.target} ${s.id}${id.version !== undefined ? ` ${id.version}` : ''}`;
  const base = {
    subject,
    location: { target: r.target },
    ...(s.links ? { links: s.links } : {}),
  };
  const props = { service: s.id, serviceName: s.name, category: s.category, version: id.version ?? null, auth: id.auth, protected: s.protects === true, tls: r.tls === true };
  if (s.protects) {
    out.push({
      ...base,
      code: 'EXPOSURE_PROTECTED',
      severity: 'info',
      title: `${s.name}: answers only with authentication (protected)`,
      message: `${r.target} is ${s.name}; unauthenticated calls are refused, so what it fronts is not reachable anonymously.`,
      failing: fails('info'),
      properties: { ...props, capabilities: [] },
    });
  } else if (id.auth === 'none') {
    out.push({
      ...base,
      code: 'EXPOSURE_NO_AUTH',
      severity: s.severity,
      title: `${label} answers without authentication`,
      message: `${r.target} runs ${label} and did not ask for credentials. Anyone who can reach it can ${capabilityText(s.anonymous)}.`,
      fix: "bind it to 127.0.0.1 or a private network and put it behind Bulwark's gateway (bulwark serve) or another authenticating proxy",
      failing: fails(s.severity),
      properties: { ...props, capabilities: s.anonymous },
    });
  } else {
    out.push({
      ...base,
      code: id.auth === 'required' ? 'EXPOSURE_AUTH_REQUIRED' : 'EXPOSURE_SERVICE_FOUND',
      severity: 'info',
      title: id.auth === 'required' ? `${label} demands authentication` : `${label} found; whether it demands authentication could not be told`,
      message: `${r.target} runs ${label}; ${id.auth === 'required' ? 'unauthenticated calls were refused' : 'its answers did not show whether credentials are demanded'}.`,
      failing: fails('info'),
      properties: { ...props, capabilities: [] },
    });
  }
  for (const p of id.postures) {
    out.push({
      ...base,
      code: p.code,
      severity: p.severity,
      title: `${label}: ${p.title}`,
      message: `${r.target} runs ${label}: ${p.title}. Anyone who gets there first can ${capabilityText(p.capabilities)}.`,
      fix: p.code === 'EXPOSURE_SETUP_OPEN' ? 'finish the setup now from a trusted network, or take the service offline until it is done' : 'turn off open sign-up, or require an administrator to approve new accounts',
      failing: fails(p.severity),
      properties: { ...props, capabilities: p.capabilities },
    });
  }
  for (const m of r.advisories) {
    const a = m.advisory;
    out.push({
      ...base,
      code: 'EXPOSURE_VULNERABLE_VERSION',
      severity: a.severity,
      title: `${label}: ${a.title}`,
      message: `${r.target} runs ${label}, which ${a.id} affects${m.fixed ? ` (fixed in ${m.fixed})` : ' (no fixed release)'}.${a.notes ? ` ${a.notes}` : ''}`,
      references: [a.id, ...(a.aliases ?? [])],
      links: a.links,
      fix: a.fix ?? (m.fixed ? `upgrade ${s.name} to ${m.fixed} or later` : undefined),
      failing: fails(a.severity),
      properties: { ...props, advisory: a.id },
    });
  }
  return out;
}
