import { createContext, useContext } from "solid-js";
import type { StudioStore } from "./create-studio-store";

/** Carries the one store to components; StudioProvider sets it. */
export const StudioContext = createContext<StudioStore>();

/** The store's `{ state, actions }`; components read state and call actions, never setState. */
export function useStudio(): StudioStore {
  const store = useContext(StudioContext);
  if (!store) throw new Error("useStudio() must be called inside <StudioProvider>.");
  return store;
}
