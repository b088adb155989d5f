/**
 * Who is connected to the other gateway instances, as their presence messages tell it. A peer
 * that stays silent longer than `staleMs` (it died without saying `bye`) is forgotten.
 */
export class RemotePresence {
  private readonly nodes = new Map<string, { users: Set<string>; seenAt: number }>();

  constructor(
    private readonly staleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Any message from a peer shows it is alive. */
  seen(nodeId: string): void {
    this.node(nodeId).seenAt = this.now();
  }

  set(nodeId: string, userId: string, online: boolean): void {
    const node = this.node(nodeId);
    node.seenAt = this.now();
    if (online) node.users.add(userId);
    else node.users.delete(userId);
  }

  /** The peer's whole list, replacing what was known. */
  replace(nodeId: string, userIds: string[]): void {
    this.nodes.set(nodeId, { users: new Set(userIds), seenAt: this.now() });
  }

  forget(nodeId: string): void {
    this.nodes.delete(nodeId);
  }

  online(userId: string): boolean {
    const cutoff = this.now() - this.staleMs;
    for (const [id, node] of this.nodes) {
      if (node.seenAt < cutoff) {
        this.nodes.delete(id);
        continue;
      }
      if (node.users.has(userId)) return true;
    }
    return false;
  }

  private node(nodeId: string): { users: Set<string>; seenAt: number } {
    let node = this.nodes.get(nodeId);
    if (!node) {
      node = { users: new Set(), seenAt: this.now() };
      this.nodes.set(nodeId, node);
    }
    return node;
  }
}
