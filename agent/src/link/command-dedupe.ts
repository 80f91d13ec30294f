/** Remembers the last `size` command ids, so a QoS 1 redelivery is handled once. */
export class RecentIds {
  private ids = new Set<string>();

  constructor(private readonly size = 256) {}

  /** True the first time an id is seen. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.size) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}
