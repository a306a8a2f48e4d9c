/** Named one-shot timers: setting a name again replaces its timer; all stop at once. */
export class Timers<K> {
  private readonly _timers = new Map<K, ReturnType<typeof setTimeout>>();

  set(key: K, delay: number, run: () => void): void {
    this.clear(key);
    this._timers.set(
      key,
      setTimeout(() => {
        this._timers.delete(key);
        run();
      }, delay),
    );
  }

  has(key: K): boolean {
    return this._timers.has(key);
  }

  clear(key: K): void {
    const timer = this._timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this._timers.delete(key);
  }

  /** Stops every timer but those `keep` names. */
  clearAll(keep: (key: K) => boolean = () => false): void {
    for (const key of [...this._timers.keys()]) if (!keep(key)) this.clear(key);
  }
}
