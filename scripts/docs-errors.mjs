// Writes the error table from src/core/errors.ts into README.md (between the errors markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { errorTableMarkdown } from '../dist/core/index.js';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const next = readme.replace(/<!-- errors:start -->[\s\S]*<!-- errors:end -->/, `<!-- errors:start -->\n${errorTableMarkdown()}\n<!-- errors:end -->`);
writeFileSync(path, next);
