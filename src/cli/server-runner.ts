// Runs the HTTP server until SIGTERM/SIGINT: in-flight requests finish, then the database closes.
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../http/app.ts'
import type { Opened } from './bootstrap.ts'
import { CliError } from './cli-support.ts'
import { startJobLoop } from '../platform/jobs.ts'
import { jobHandlers } from './job-registry.ts'

export async function runServer(o: Opened, opts: { port: number; host: string; onListening?: (url: string) => void }): Promise<number> {
  let app: FastifyInstance
  try {
    app = await buildApp({ services: o.services })
    await app.listen({ port: opts.port, host: opts.host })
  } catch (e) {
    await o.close()
    const err = e as NodeJS.ErrnoException
    if (err.code === 'EADDRINUSE') throw new CliError(`port ${opts.port} is already in use; set PORT to another port`)
    throw e
  }
  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : opts.port
  opts.onListening?.(`http://${shown}:${port}`)
  const jobLoop = startJobLoop(o.services, jobHandlers)
  return new Promise<number>((resolve) => {
    let stopping = false
    const stop = (signal: string) => {
      if (stopping) return
      stopping = true
      process.stderr.write(`tianping: ${signal} received, finishing in-flight requests…\n`)
      const force = setTimeout(() => {
        process.stderr.write('tianping: shutdown took over 20 s; exiting\n')
        process.exit(1)
      }, 20_000)
      force.unref()
      app
        .close()
        .then(() => jobLoop.stop())
        .then(() => o.close())
        .then(() => {
          process.stderr.write('tianping: stopped\n')
          resolve(0)
        })
        .catch((e: unknown) => {
          process.stderr.write(`tianping: error while stopping: ${(e as Error).message}\n`)
          resolve(1)
        })
    }
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
  })
}
