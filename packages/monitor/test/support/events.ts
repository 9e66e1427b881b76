/** Small helpers over recorded events, shared by the test files. */
import type { EventOf, MonitorEvent } from '../../src/events.ts';

/** The events of one type, typed as such. */
export const of = <T extends MonitorEvent['type']>(events: MonitorEvent[], type: T): EventOf<T>[] => events.filter((e): e is EventOf<T> => e.type === type);
