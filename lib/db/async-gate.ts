// A first-come, first-served async mutex. Prisma's SQLite adapter runs every query on one connection; while an
// interactive transaction is open on it (across awaits), other queries must wait, or they would run inside it.
export class AsyncGate {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const turn = this.tail.then(() => {
      let done = false;
      return () => {
        if (!done) {
          done = true;
          release();
        }
      };
    });
    this.tail = this.tail.then(() => held);
    return turn;
  }

  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
