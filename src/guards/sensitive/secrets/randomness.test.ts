import { describe, expect, it } from 'vitest';
import { secretLikeness } from './randomness.js';

const score = (v: string): number => secretLikeness(v, 0, v.length);

describe('secretLikeness', () => {
  it.each([
    'q8Xk2LmP9zR4tYw7Nc3V',
    '8f14e45fceea167a5a36dedd4bea2543',
    '3f2a9c81-d0b4-4e6f-9a7c-2e5b1d8f0a3c',
    'Xk9#mP2$vL7q!Rz4wQ',
    'wq3Jd9Lr+Tz/Xv2Kp8Nm5Hs1Bc7Gf4Ay',
    'tjz5mq0d8xk2pr7wn4yb',
    '3IoksPxmp9uqvQYF4avxdyQcbdNF',
    'DEc8TKjdnt0gbEEJjwLSLICALCKV',
  ])('machine-made: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(0.6);
    expect(score(v)).toBeLessThanOrEqual(0.8);
  });

  it.each([
    'ThisIsMyPasswordForProd',
    'correcthorsebatterystaple',
    'my-super-secret-token-123',
    'prod_db_2024_backup_v2',
    'Summer2024!Summer',
    'hunter2hunter2hunter2',
    '/usr/local/bin/python3',
    'com.example.app.token',
    'abcdefghijklmnopqrstuvwxyz',
    '1234567890abcdef',
    'john.doe@example.com',
    '2024-03-15T10:00:00Z',
    'getAccessTokenSilently',
    'SuperSecretPassword123',
    'kubernetes-dashboard-token',
    'v1.2.3-beta.4+build.567',
    'MyCompanyProdDatabase01',
    'TSConstructSignatureDeclaration',
    'processChildLLMRunInputs',
    'isTcpSubchannelAddress',
    'token_endpoint_auth_method',
    'AAAAAAAAAAAAAAAAAAAA',
    '0000111122223333',
    'short',
  ])('typed by a person: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});
