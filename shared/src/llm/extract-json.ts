/**
 * Small local models rarely answer with bare JSON: they wrap it in ```json fences, put a sentence
 * before it, or trail a remark after it. This finds the first complete JSON object or array in
 * the text and parses it, tolerating all of that.
 */

/** The first JSON object or array in `text` (code fences and prose around it ignored); null if none parses. */
export function extractJson(text: string): unknown {
  const candidates: string[] = [];
  for (const match of text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/gu)) {
    if (match[1] !== undefined) candidates.push(match[1]);
  }
  candidates.push(text);
  for (const candidate of candidates) {
    const parsed = parseFirstValue(candidate);
    if (parsed !== undefined) return parsed;
  }
  return null;
}

function parseFirstValue(text: string): unknown {
  for (let start = 0; start < text.length; start++) {
    const ch = text[start];
    if (ch !== "{" && ch !== "[") continue;
    const end = matchingClose(text, start);
    if (end === -1) continue;
    try {
      return JSON.parse(text.slice(start, end + 1)) as unknown;
    } catch {
      // Not JSON after all (e.g. "[note]" in prose); try the next bracket.
    }
  }
  return undefined;
}

/** Index of the bracket closing the one at `start`, skipping strings; -1 when unbalanced. */
function matchingClose(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") stack.push("}");
    else if (ch === "[") stack.push("]");
    else if (ch === "}" || ch === "]") {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}
