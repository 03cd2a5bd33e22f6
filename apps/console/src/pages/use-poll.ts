import { useEffect, useRef } from 'preact/hooks';

/** Calls `task` now and every `everyMs` while the component is mounted; `task` reads the latest props through the ref. */
export function usePoll(task: () => void, everyMs: number): void {
  const latest = useRef(task);
  latest.current = task;
  useEffect(() => {
    latest.current();
    const timer = setInterval(() => latest.current(), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
}
