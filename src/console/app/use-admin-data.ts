import { useCallback, useEffect, useState } from 'preact/hooks';
import { callAdmin } from './admin-client.js';

/** Loads one admin resource; `reload` fetches it again (after a change). */
export function useAdminData<T>(path: string) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const reload = useCallback(async () => {
    try {
      setData(await callAdmin<T>(path));
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}
