/** A growable array of 16- or 32-bit unsigned integers, for building an index without per-item objects. */
export class U16Builder {
  #buf = new Uint16Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.#buf.length) {
      const next = new Uint16Array(this.#buf.length * 2);
      next.set(this.#buf);
      this.#buf = next;
    }
    this.#buf[this.length++] = v;
  }

  pushString(s: string): void {
    for (let i = 0; i < s.length; i++) this.push(s.charCodeAt(i));
  }

  finish(): Uint16Array {
    return this.#buf.slice(0, this.length);
  }
}

export class U32Builder {
  #buf = new Uint32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.#buf.length) {
      const next = new Uint32Array(this.#buf.length * 2);
      next.set(this.#buf);
      this.#buf = next;
    }
    this.#buf[this.length++] = v;
  }

  finish(): Uint32Array {
    return this.#buf.slice(0, this.length);
  }
}
