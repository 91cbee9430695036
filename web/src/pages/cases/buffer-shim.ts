// src/contracts/cases.schema.ts declares the evidence download as z.instanceof(Buffer), a Node global the browser
// lacks, so evaluating the contract threw "Buffer is not defined". The console never validates that response;
// a stand-in class lets the module load. Remove once the contract uses a browser-safe schema.
const g = globalThis as { Buffer?: unknown }
g.Buffer ??= class Buffer extends Uint8Array {}
export {}
