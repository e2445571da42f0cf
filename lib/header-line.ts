/** `Name: value` as one header: the name lower-cased, both sides trimmed; null when there is no name before a colon. */
export function parseHeaderLine(text: string): { name: string; value: string } | null {
  const colon = text.indexOf(':');
  if (colon < 1) return null;
  return { name: text.slice(0, colon).trim().toLowerCase(), value: text.slice(colon + 1).trim() };
}
