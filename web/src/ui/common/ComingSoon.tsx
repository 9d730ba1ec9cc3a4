import type { JSX } from "solid-js";

/** Placeholder for a view that is not built yet. */
export function ComingSoon(props: { title: string }): JSX.Element {
  return (
    <div class="coming-soon" data-testid="coming-soon">
      <h2>{props.title}</h2>
      <p>Coming soon.</p>
    </div>
  );
}
