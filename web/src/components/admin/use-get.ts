/** Reading an admin list from the API: its state while loading, after an error, and once it is there. */
import { useCallback, useEffect, useState } from 'react';
import { get } from '../../api.ts';
import { errorText } from '../../lib/form-errors.ts';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; data: T };

/** GETs `path`; `reload` reads it again and keeps showing the old data until the new arrives. */
export function useGet<T>(path: string): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    void round;
    get<T>(path)
      .then((data) => {
        if (current) setLoaded({ state: 'ready', data });
      })
      .catch((error: unknown) => {
        if (current) setLoaded({ state: 'error', message: errorText(error) });
      });
    return () => {
      current = false;
    };
  }, [path, round]);
  return [loaded, useCallback(() => setRound((n) => n + 1), [])];
}
