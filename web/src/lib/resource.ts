import { useCallback, useEffect, useState, useSyncExternalStore } from "react";

/**
 * A tiny read cache shared by every screen: reads are keyed by what they ask, kept for the
 * session, and all dropped after a write (so every screen shows the change).
 */
const cache = new Map<string, unknown>();
let generation = 0;
const listeners = new Set<() => void>();

export function invalidateAll(): void {
  cache.clear();
  generation += 1;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export interface Resource<T> {
  /** The latest data; while a new key loads it is the previous key's data (see `stale`). */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  stale: boolean;
  reload: () => void;
}

interface State<T> {
  /** Whose data `data` is. */
  key: string | null;
  data?: T;
  pending: string | null;
  errorKey: string | null;
  error?: unknown;
}

export function useResource<T>(key: string | null, load: () => Promise<T>): Resource<T> {
  const current = useSyncExternalStore(subscribe, () => generation);
  const [state, setState] = useState<State<T>>({ key: null, pending: null, errorKey: null });
  const [nonce, setNonce] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is keyed by `key`
  useEffect(() => {
    if (key === null) return;
    if (cache.has(key)) {
      setState({ key, data: cache.get(key) as T, pending: null, errorKey: null });
      return;
    }
    let live = true;
    // A read that answers after a write began before it: its data may predate the write, so
    // it must not fill the cache the write emptied (the next screen would show it as current).
    const startedIn = generation;
    setState((previous) => ({ ...previous, pending: key, errorKey: null, error: undefined }));
    load().then(
      (data) => {
        if (generation === startedIn) cache.set(key, data);
        if (live) setState({ key, data, pending: null, errorKey: null });
      },
      (error: unknown) => {
        if (live) setState((previous) => ({ ...previous, pending: null, errorKey: key, error }));
      },
    );
    return () => {
      live = false;
    };
  }, [key, current, nonce]);
  const reload = useCallback(() => {
    if (key !== null) cache.delete(key);
    setNonce((value) => value + 1);
  }, [key]);
  const failed = key !== null && state.errorKey === key;
  return {
    data: state.data,
    error: failed ? state.error : undefined,
    loading: key !== null && !failed && (state.pending === key || state.key !== key),
    stale: state.key !== key,
    reload,
  };
}
