// Schema version 6 (issue 22) on real IndexedDB: a version 4 database gains the outbox store and
// keeps its entries (test/store/outbox-upgrade.ts).
import { describeOutboxUpgrade } from '../store/outbox-upgrade';

describeOutboxUpgrade();
