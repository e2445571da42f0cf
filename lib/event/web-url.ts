/** Whether a vendor's link can be the contract's `rule.url`: an absolute http(s) URL (links may be empty or relative). */
export function isWebUrl(value: string | null | undefined): value is string {
  if (value === null || value === undefined || value === '') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
