import type { ParseWarning, ScriptLine } from "./types";

export interface PreparedScript {
  lines: ScriptLine[];
  lineCount: number;
  titlePage: Record<string, string>;
  warnings: ParseWarning[];
}

const TITLE_PAGE_FIRST_KEY =
  /^\s*(title|credit|author|authors|written by|source|draft date|date|contact|copyright|notes|revision|episode|format)\s*:(.*)$/iu;
const TITLE_PAGE_KEY = /^([^\s:][^:]{0,40}):(.*)$/u;

/**
 * Splits a script into 1-based lines, dropping [[notes]], /* boneyard *\/ (both may span lines)
 * and a leading Fountain title page. Lines that held only a comment disappear instead of turning
 * into blank lines, so a note between a cue and its dialogue does not end the dialogue.
 */
export function prepareLines(text: string): PreparedScript {
  const normalized = text.replace(/\r\n?/g, "\n");
  const original = normalized.split("\n");
  const warnings: ParseWarning[] = [];
  const stripped = stripComments(normalized, warnings).split("\n");

  const lines: ScriptLine[] = [];
  for (let i = 0; i < original.length; i++) {
    const blank = (original[i] ?? "").trim() === "";
    const textAfter = stripped[i] ?? "";
    if (!blank && textAfter.trim() === "") continue;
    lines.push({ text: textAfter, line: i + 1, blank });
  }

  const titlePage = takeTitlePage(lines);
  return { lines, lineCount: original.length, titlePage, warnings };
}

/** Replaces comment spans by the newlines they contained, keeping every line number stable. */
function stripComments(text: string, warnings: ParseWarning[]): string {
  let out = "";
  let from = 0;
  let boneyardOpen = true; // false once an unclosed "/*" proved no "*/" follows
  let notesOpen = true;
  for (;;) {
    const boneyard = boneyardOpen ? text.indexOf("/*", from) : -1;
    const note = notesOpen ? text.indexOf("[[", from) : -1;
    if (boneyard < 0 && note < 0) break;
    const isBoneyard = boneyard >= 0 && (note < 0 || boneyard < note);
    const start = isBoneyard ? boneyard : note;
    const close = isBoneyard ? "*/" : "]]";
    const end = text.indexOf(close, start + 2);
    if (end < 0) {
      warnings.push({
        line: lineAt(text, start),
        message: isBoneyard
          ? "This /* has no closing */, so the text after it is kept. Add */ where the hidden part ends."
          : "This [[ has no closing ]], so the text after it is kept. Add ]] where the note ends.",
      });
      if (isBoneyard) boneyardOpen = false;
      else notesOpen = false;
      continue;
    }
    out += text.slice(from, start) + newlinesIn(text, start, end + 2);
    from = end + 2;
  }
  return out + text.slice(from);
}

function newlinesIn(text: string, start: number, end: number): string {
  let count = 0;
  for (let i = text.indexOf("\n", start); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) {
    count++;
  }
  return "\n".repeat(count);
}

function lineAt(text: string, index: number): number {
  return newlinesIn(text, 0, index).length + 1;
}

/** Removes a title page (key: value block at the very start) from `lines` and returns its fields. */
function takeTitlePage(lines: ScriptLine[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const first = lines.findIndex(entry => !entry.blank);
  const firstLine = lines[first];
  if (firstLine === undefined || !TITLE_PAGE_FIRST_KEY.test(firstLine.text)) return fields;

  let end = first;
  let key = "";
  for (; end < lines.length; end++) {
    const entry = lines[end];
    if (entry === undefined || entry.blank) break;
    const match = TITLE_PAGE_KEY.exec(entry.text.trim());
    if (match && !/^\s/.test(entry.text)) {
      key = (match[1] ?? "").trim().toLowerCase();
      // A plain object would treat this key as its prototype instead of a field.
      if (key === "__proto__") key = "proto";
      fields[key] = (match[2] ?? "").trim();
    } else if (key !== "") {
      fields[key] = `${fields[key] ?? ""} ${entry.text.trim()}`.trim();
    }
  }
  lines.splice(0, end);
  return fields;
}
