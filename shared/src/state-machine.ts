/** A state machine as data: for each state, the states it may move to. */
export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

export function canTransition<S extends string>(machine: Transitions<S>, from: S, to: S): boolean {
  return machine[from].includes(to);
}

export function nextStates<S extends string>(machine: Transitions<S>, from: S): readonly S[] {
  return machine[from];
}

export function isTerminal<S extends string>(machine: Transitions<S>, state: S): boolean {
  return machine[state].length === 0;
}
