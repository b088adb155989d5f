import type { Bus, BusHandler, BusMessage } from './bus';

/** The nodes that hear each other: one network per database handle; each gateway on it is an instance. */
export class InProcessNetwork {
  readonly nodes = new Set<InProcessBus>();
}

const networks = new WeakMap<object, InProcessNetwork>();

/** The network of everything sharing `key` (the database handle). */
export function inProcessNetworkFor(key: object): InProcessNetwork {
  let network = networks.get(key);
  if (!network) {
    network = new InProcessNetwork();
    networks.set(key, network);
  }
  return network;
}

/**
 * The bus on PGlite: one process, so delivery is a function call on a later microtask
 * (never re-entrant), to every other node of the same network, in publication order.
 */
export class InProcessBus implements Bus {
  private handler: BusHandler = () => {};
  private started = false;

  /** `nodeId`: the gateway instance's id (AppContext.instanceId). */
  constructor(
    private readonly network: InProcessNetwork,
    readonly nodeId: string,
  ) {}

  async start(): Promise<void> {
    this.started = true;
    this.network.nodes.add(this);
    this.publish({ kind: 'hello' });
  }

  publish(message: BusMessage): void {
    if (!this.started) return;
    for (const node of this.network.nodes) {
      if (node !== this) node.receive(message, this.nodeId);
    }
  }

  onReconnected(): void {
    // Never disconnected.
  }

  onMessage(handler: BusHandler): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.started = false;
    this.network.nodes.delete(this);
  }

  private receive(message: BusMessage, from: string): void {
    queueMicrotask(() => {
      if (this.started) this.handler(message, from);
    });
  }
}
