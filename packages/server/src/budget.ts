/**
 * The budget of bytes in flight: uploads being received plus documents being parsed. A request
 * takes its share before its body is read (its Content-Length) or while it streams (chunked), and
 * gives it back when its answer has gone out or the client has gone away.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.used;
  }

  /** Takes `bytes` if they fit; false (and nothing taken) when they would pass the limit. */
  take(bytes: number): boolean {
    if (bytes <= 0) return true;
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/**
 * One request's share of the budget: grows while it streams, given back once — when the answer has
 * gone out (or the client has gone away) and no parse of its bytes is still running (`pin`).
 */
export class Reservation {
  private held = 0;
  private done = false;
  private pins = 0;
  private releaseWanted = false;

  constructor(private readonly budget: ByteBudget) {}

  get bytes(): number {
    return this.held;
  }

  /** Grows the share to at least `total` bytes; false when the budget cannot give that much. */
  growTo(total: number): boolean {
    if (this.done) return false;
    const more = total - this.held;
    if (more <= 0) return true;
    if (!this.budget.take(more)) return false;
    this.held = total;
    return true;
  }

  /** Keeps the share while work on the request's bytes goes on (a parse), whatever the client does. */
  pin(): void {
    this.pins += 1;
  }

  unpin(): void {
    this.pins -= 1;
    if (this.pins === 0 && this.releaseWanted) this.release();
  }

  release(): void {
    if (this.done) return;
    if (this.pins > 0) {
      this.releaseWanted = true;
      return;
    }
    this.done = true;
    this.budget.give(this.held);
    this.held = 0;
  }
}
