/** What each part of the contract suite gets from contract(). */
import type { Store } from '../../../src/core/ports';

export interface ContractContext {
  /** The store opened for the current test, on a database of its own. */
  readonly store: Store;
  /** Opens another Store on the current test's database; it is closed after the test. */
  open(): Promise<Store>;
}
