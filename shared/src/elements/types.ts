/** The element fields matching and injection read; the Element schema satisfies it. */
export interface ElementLike {
  id: string;
  type: "character" | "location" | "object";
  name: string;
  /** "@" + a word, e.g. "@Maya". */
  trigger: string;
  description: string;
}

/** Why an element matched a shot (FEATURES §3 table). */
export const MatchSignal = {
  character_name: "character_name",
  character_trigger: "character_trigger",
  action_trigger: "action_trigger",
  heading_location: "heading_location",
  character_tokens: "character_tokens",
  action_name: "action_name",
  dialogue_name: "dialogue_name",
  description_overlap: "description_overlap",
} as const;
export type MatchSignal = (typeof MatchSignal)[keyof typeof MatchSignal];

export interface ElementMatch<E extends ElementLike = ElementLike> {
  elementId: string;
  element: E;
  /** 0..1, rounded to 2 decimals. */
  score: number;
  signal: MatchSignal;
}
