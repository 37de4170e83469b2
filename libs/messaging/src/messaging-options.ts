import { Subjects } from '@lt/contracts';

/** How a service connects to the event log. One instance per service process. */
export interface MessagingOptions {
  natsUrl: string;
  /** Names durable consumers and query queue groups; replicas of one service share them. */
  serviceName: string;
  subjects: Subjects;
  /** The JetStream stream holding every domain event. */
  streamName: string;
  /** Stream holding dead letters; defaults to `${streamName}_DLQ`. */
  deadLetterStreamName?: string;
  /** Window in which JetStream drops a re-published event id; default 2 minutes. */
  duplicateWindowMs?: number;
  /** File storage in production; memory is allowed for throwaway test streams. */
  storage?: 'file' | 'memory';
  /** Stream replicas (3 in a production cluster; 1 on a single server). */
  replicas?: number;
  /** Default time the server waits for an ack before redelivering (handlers may override); 30 s. */
  ackWaitMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export function deadLetterStreamName(options: MessagingOptions): string {
  return options.deadLetterStreamName ?? `${options.streamName}_DLQ`;
}
