/**
 * A one-line progress bar on stderr, drawn only when stderr is a TTY (CI logs and pipes stay clean),
 * redrawn at most every 100 ms so a fast scan does not spend its time painting.
 */
export interface Progress {
  /** Sets the total when it becomes known (a directory walk). */
  total(n: number): void;
  tick(label?: string, by?: number): void;
  done(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  label: string;
  now?: () => number;
}

export function createProgress({ stream, label, now = Date.now }: ProgressOptions): Progress {
  if (stream.isTTY !== true) return { total() {}, tick() {}, done() {} };
  let total = 0;
  let count = 0;
  let last = 0;
  let drawn = false;
  const draw = (current: string) => {
    const width = Math.max(20, Math.min(40, (stream.columns ?? 80) - 50));
    const ratio = total > 0 ? Math.min(1, count / total) : 0;
    const filled = Math.round(ratio * width);
    const bar = total > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total}` : `${count}`;
    const tail = current.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(-30);
    stream.write(`\r\x1b[K${label} ${bar} ${tail}`);
    drawn = true;
  };
  return {
    total(n) {
      total = n;
    },
    tick(current = '', by = 1) {
      count += by;
      const t = now();
      if (t - last >= 100) {
        last = t;
        draw(current);
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
