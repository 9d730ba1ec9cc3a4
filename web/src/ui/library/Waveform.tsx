import type { JSX } from "solid-js";

/** Bars drawn at most; each is the loudest peak of its group, so short sounds stay visible. */
export const WAVEFORM_BARS = 48;

/** Peaks (0..1) grouped into at most `bars` bars, each the group's maximum. */
export function groupPeaks(peaks: readonly number[], bars = WAVEFORM_BARS): number[] {
  const count = Math.min(bars, peaks.length);
  return Array.from({ length: count }, (_, bar) => {
    const start = Math.floor((bar * peaks.length) / count);
    const end = Math.max(start + 1, Math.floor(((bar + 1) * peaks.length) / count));
    return Math.max(...peaks.slice(start, end));
  });
}

/** Audio peaks (0..1) as a mirrored bar waveform; scales to its box. */
export function Waveform(props: { peaks: readonly number[]; class?: string }): JSX.Element {
  const bars = () => groupPeaks(props.peaks);
  return (
    <svg
      class={props.class ?? "waveform"}
      viewBox={`0 0 ${Math.max(1, bars().length)} 100`}
      preserveAspectRatio="none"
      aria-hidden="true"
      data-testid="waveform"
    >
      <path
        fill="currentColor"
        d={bars()
          .map((peak, x) => {
            const h = Math.max(0.03, peak) * 44;
            return `M${x + 0.2} ${50 - h}h0.6v${2 * h}h-0.6z`;
          })
          .join("")}
      />
    </svg>
  );
}
