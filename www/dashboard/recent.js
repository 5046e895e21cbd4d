// A keyed store of promised values that keeps only the few most recently
// used, so a viewer who goes through many waves does not pile up every
// wave's figures and engine report in the page: the least recently used is
// dropped (and its engine objects deleted) and made again on demand.

/** @template T */
export class Recent {
  /** @type {Map<string, Promise<T>>} */
  #entries = new Map();
  #limit;
  #drop;

  /**
   * @param {number} limit how many values are kept
   * @param {(value: T) => void} [drop] called with a value that leaves
   */
  constructor(limit, drop = () => {}) {
    this.#limit = limit;
    this.#drop = drop;
  }

  /**
   * The value of `key`, made by `make` when it is not kept. A failed promise
   * is not kept.
   * @param {string} key @param {() => Promise<T>} make @returns {Promise<T>}
   */
  get(key, make) {
    let entry = this.#entries.get(key);
    if (entry) {
      // Map keeps insertion order: moved to the end, the most recent.
      this.#entries.delete(key);
    } else {
      entry = make();
      entry.catch(() => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      });
    }
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#limit) {
      const [oldest, value] = this.#entries.entries().next().value;
      this.#entries.delete(oldest);
      value.then((v) => this.#drop(v), () => {});
    }
    return entry;
  }

  /** How many values are kept now. */
  get size() {
    return this.#entries.size;
  }
}
