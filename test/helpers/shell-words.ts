/**
 * The characters of a POSIX shell command line that the shell itself acts on when they stand
 * outside quotes, each with its position: what a help example must not leave bare inside a URL.
 * Enough of sh's quoting rules for one-line examples: '…', "…" (with \\ escapes) and a \\ outside.
 */
export function unquotedCharacters(line: string): { char: string; index: number; word: string }[] {
  const found: { char: string; index: number }[] = [];
  const words: { start: number; end: number }[] = [];
  let quote: "'" | '"' | null = null;
  let wordStart = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === null && /\s/.test(c)) {
      if (wordStart !== -1) words.push({ start: wordStart, end: i });
      wordStart = -1;
      continue;
    }
    if (wordStart === -1) wordStart = i;
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else found.push({ char: c, index: i });
  }
  if (wordStart !== -1) words.push({ start: wordStart, end: line.length });
  return found.map(({ char, index }) => {
    const word = words.find((w) => w.start <= index && index < w.end) as { start: number; end: number };
    return { char, index, word: line.slice(word.start, word.end) };
  });
}
