/** "about 1:20 left" / "about 12 s left" / "less than a second left"; seconds in, words out. */
export function formatEta(seconds: number): string {
  if (seconds < 1) return "less than a second left";
  const whole = Math.round(seconds);
  if (whole < 60) return `about ${whole} s left`;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, "0");
  return h > 0 ? `about ${h}:${String(m).padStart(2, "0")}:${s} left` : `about ${m}:${s} left`;
}
