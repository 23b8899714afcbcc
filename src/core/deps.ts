/** What every core flow needs: the store, the school and the time. Built once by the host. */
import type { School } from './people/school';
import type { Clock, Store } from './ports';

export interface CoreDeps {
  store: Store;
  school: School;
  clock: Clock;
}
