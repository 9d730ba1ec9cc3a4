import { ShotType } from "../schema/shot";

// FEATURES §2: categories are tried in this order and the first one with a keyword wins.
// Keywords match whole words (so "hand" does not fire on "handle", nor "prop" on "proper").
const SHOT_TYPE_KEYWORDS: readonly (readonly [ShotType, RegExp])[] = [
  [ShotType.establishing, wordPattern("establishing|skylines?|landscapes?|aerial|exterior")],
  [ShotType.close_up, wordPattern("close[- ]?ups?|closeups?|details?|eyes?|hands?")],
  [ShotType.wide, wordPattern("wide[- ](?:shot|angle)s?|panoramas?|panoramic|vistas?")],
  [ShotType.insert, wordPattern("inserts?|cutaways?|objects?|props?")],
  [
    ShotType.tracking,
    wordPattern("tracking|follow(?:s|ed|ing)?|chas(?:e|es|ed|ing)|running|walking"),
  ],
];

// Screenplay shot lines ("CLOSE ON", "ANGLE ON", "POV") name their framing directly.
const SHOT_LINE_TYPES: readonly (readonly [ShotType, RegExp])[] = [
  [ShotType.establishing, /^(?:ESTABLISHING|AERIAL)\b/u],
  [
    ShotType.close_up,
    /^(?:EXTREME CLOSE[- ]?UP|CLOSE[- ]?UP|CLOSEUP|CLOSE ON|CLOSER ANGLE|E?CU|MCU|MEDIUM CLOSE[- ]?UP)\b/u,
  ],
  [ShotType.wide, /^(?:WIDE|EXTREME WIDE|LONG SHOT|FULL SHOT|PANORAMA)\b/u],
  [ShotType.insert, /^(?:INSERT|CUTAWAY)\b/u],
  [ShotType.tracking, /^(?:TRACKING|FOLLOWING|MOVING|DOLLY|STEADICAM)\b/u],
  [
    ShotType.medium,
    /^(?:MEDIUM|ANGLE ON|NEW ANGLE|REVERSE ANGLE|ANGLE|POV|TWO[- ]SHOT|OVER THE SHOULDER|OTS|BACK TO SCENE|OVERHEAD|HIGH ANGLE|LOW ANGLE)\b/u,
  ],
];

function wordPattern(alternatives: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, "iu");
}

/** Shot type implied by keywords in a description (FEATURES §2 order, first match wins); default medium. */
export function guessShotType(text: string): ShotType {
  for (const [type, pattern] of SHOT_TYPE_KEYWORDS) {
    if (pattern.test(text)) return type;
  }
  return ShotType.medium;
}

/** Shot type named by a screenplay shot line such as "CLOSE ON" or "INSERT"; null when it is not one. */
export function shotTypeFromShotLine(line: string): ShotType | null {
  const text = line.trim();
  if (text === "" || text !== text.toUpperCase()) return null;
  for (const [type, pattern] of SHOT_LINE_TYPES) {
    if (pattern.test(text)) return type;
  }
  return null;
}
