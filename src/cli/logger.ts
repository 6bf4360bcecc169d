import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Operational log (JSON lines). The gateway never passes headers or bodies to it; the redaction
 * list is a second line of defence should a future call site do so.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['authorization', 'headers.authorization', 'req.headers.authorization', '*.authorization', 'apiKey', '*.apiKey', 'key', '*.key', 'x-api-key', '*["x-api-key"]', 'body', '*.body', 'messages', '*.messages', 'prompt', '*.prompt'],
        censor: '[REDACTED]',
      },
    },
    destination as DestinationStream,
  );
}
