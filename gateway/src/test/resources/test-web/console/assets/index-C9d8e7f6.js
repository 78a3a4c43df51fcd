export const console = true;
