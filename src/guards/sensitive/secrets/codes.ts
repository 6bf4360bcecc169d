import type { Severity } from '../../../core/index.js';

/** Stable finding codes of the secret detectors. Never renamed or reused. */
export const SECRET_CODES = [
  'SECRET_OPENAI_KEY',
  'SECRET_ANTHROPIC_KEY',
  'SECRET_DEEPSEEK_KEY',
  'SECRET_AWS_ACCESS_KEY',
  'SECRET_AWS_SECRET_KEY',
  'SECRET_GOOGLE_API_KEY',
  'SECRET_GOOGLE_OAUTH_SECRET',
  'SECRET_AZURE_KEY',
  'SECRET_GITHUB_TOKEN',
  'SECRET_GITLAB_TOKEN',
  'SECRET_SLACK_TOKEN',
  'SECRET_SLACK_WEBHOOK',
  'SECRET_STRIPE_KEY',
  'SECRET_ALIBABA_ACCESS_KEY',
  'SECRET_TENCENT_SECRET_ID',
  'SECRET_HUGGINGFACE_TOKEN',
  'SECRET_NPM_TOKEN',
  'SECRET_JWT',
  'SECRET_PRIVATE_KEY',
  'SECRET_CONNECTION_STRING',
  'SECRET_URL_CREDENTIALS',
  'SECRET_GENERIC',
] as const;

export type SecretCode = (typeof SECRET_CODES)[number];

/**
 * Critical: whoever holds it controls infrastructure or spends money (private keys, cloud
 * credentials, billed model APIs, live payment keys). High: everything else that authenticates.
 */
export const SEVERITY: Readonly<Record<SecretCode, Severity>> = {
  SECRET_OPENAI_KEY: 'critical',
  SECRET_ANTHROPIC_KEY: 'critical',
  SECRET_DEEPSEEK_KEY: 'critical',
  SECRET_AWS_ACCESS_KEY: 'high',
  SECRET_AWS_SECRET_KEY: 'critical',
  SECRET_GOOGLE_API_KEY: 'high',
  SECRET_GOOGLE_OAUTH_SECRET: 'high',
  SECRET_AZURE_KEY: 'critical',
  SECRET_GITHUB_TOKEN: 'high',
  SECRET_GITLAB_TOKEN: 'high',
  SECRET_SLACK_TOKEN: 'high',
  SECRET_SLACK_WEBHOOK: 'high',
  SECRET_STRIPE_KEY: 'high',
  SECRET_ALIBABA_ACCESS_KEY: 'critical',
  SECRET_TENCENT_SECRET_ID: 'critical',
  SECRET_HUGGINGFACE_TOKEN: 'high',
  SECRET_NPM_TOKEN: 'high',
  SECRET_JWT: 'high',
  SECRET_PRIVATE_KEY: 'critical',
  SECRET_CONNECTION_STRING: 'high',
  SECRET_URL_CREDENTIALS: 'high',
  SECRET_GENERIC: 'high',
};
