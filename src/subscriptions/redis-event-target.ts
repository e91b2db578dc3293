// The event target that carries changes between replicas through Redis pub/sub, as Yoga's
// @graphql-yoga/redis-event-target does, with one difference that matters: that library leaves the
// promises of PUBLISH, SUBSCRIBE and UNSUBSCRIBE unobserved, so while Redis cannot be reached
// the first write's publication rejects unhandled and ends the process (outside attack D1).
// Here each failure is caught: the connection's own listener logs the outage once (redis.ts),
// the write and its answer go on, and subscribers on other replicas miss what was published
// meanwhile (ioredis subscribes again when it reconnects).
import type { PubSubEvent, PubSubEventTarget } from 'graphql-yoga';
import type { Redis } from 'ioredis';

type Topics = Record<string, [unknown]>;
type Event<T extends Topics> = PubSubEvent<T, Extract<keyof T, string>>;
type Callback<T extends Topics> = (event: Event<T>) => void;
// What addEventListener takes: a function or an object with handleEvent.
type Listener<T extends Topics> = NonNullable<Parameters<PubSubEventTarget<T>['addEventListener']>[1]>;

const ignore = () => {};

export function redisEventTarget<T extends Topics>(publishClient: Redis, subscribeClient: Redis): PubSubEventTarget<T> {
  const callbacksForTopic = new Map<string, Set<Callback<T>>>();
  subscribeClient.on('message', (channel: string, message: string) => {
    const callbacks = callbacksForTopic.get(channel);
    if (!callbacks) return;
    const event: Event<T> = new CustomEvent(channel, { detail: message === '' ? null : JSON.parse(message) });
    for (const callback of callbacks) callback(event);
  });
  // Each topic carries one kind of event, so a listener of one topic's events takes what arrives on it.
  const callbackOf = (listener: Listener<T>): Callback<T> => ('handleEvent' in listener ? listener.handleEvent : listener);

  return {
    addEventListener(topic, listener) {
      if (!listener) return;
      let callbacks = callbacksForTopic.get(topic);
      if (!callbacks) {
        callbacks = new Set();
        callbacksForTopic.set(topic, callbacks);
        subscribeClient.subscribe(topic).catch(ignore);
      }
      callbacks.add(callbackOf(listener as Listener<T>));
    },
    removeEventListener(topic, listener) {
      const callbacks = callbacksForTopic.get(topic);
      if (!listener || !callbacks) return;
      callbacks.delete(callbackOf(listener as Listener<T>));
      if (callbacks.size > 0) return;
      callbacksForTopic.delete(topic);
      subscribeClient.unsubscribe(topic).catch(ignore);
    },
    dispatchEvent(event) {
      publishClient.publish(event.type, event.detail === undefined ? '' : JSON.stringify(event.detail)).catch(ignore);
      return true;
    },
  };
}
