import { BaseRpcContext } from '@nestjs/microservices';
import { JsMsg } from '@nats-io/jetstream';

/** What a handler may learn about the message it is handling (`@Ctx() ctx: JetStreamEventContext`). */
export class JetStreamEventContext extends BaseRpcContext<[JsMsg, string]> {
  constructor(msg: JsMsg, consumer: string) {
    super([msg, consumer]);
  }

  get message(): JsMsg {
    return this.args[0];
  }

  get consumer(): string {
    return this.args[1];
  }

  /** 1 on the first delivery. */
  get deliveryCount(): number {
    return this.message.info.deliveryCount;
  }

  /** Position of the event in the stream: a total order over all events. */
  get streamSequence(): number {
    return this.message.seq;
  }

  get subject(): string {
    return this.message.subject;
  }
}
