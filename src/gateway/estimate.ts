/**
 * Token estimate without a tokenizer: about four ASCII characters per token for English and
 * code, about one token per CJK or other non-ASCII character. It errs high for Chinese, which is
 * the safe side for limits; exact counts come from the upstream's usage when it reports them.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}
