"""Flow D: pushes of telephony lists into call campaigns, run in the background, resumable.

    runner = PushRunner(pushes, campaigns, lists, background, PushConfig())
    await runner.start(push.id, view)          # a tracked background task; the view is told what happens
    await runner.cancel(push.id)               # a manager's "Cancel"
    runner.begin_stop()                        # shutdown: no new batch starts
    await runner.resume_unfinished(view_for)   # start-up: pushes a stop or a kill cut off

One run of a push: `PushesRepo.start`, then its unconfirmed batches in order, `PushConfig.in_flight`
workers each keeping one addPhones request going. A batch's rows are read from the database just before
its turn (`PushesRepo.batch_rows`; never the whole list in memory: one batch ahead per worker), decoded
and mapped in the run's mapping thread (`push_types.MappingThread`) with the push's one `CallRowMapper`,
marked sent, sent with its idempotence key, and confirmed with the API's answer; a worker reads, maps
and marks its next batch while its request is in flight, and stores an answer while its next request is
in flight (services.push_run: a run's state and how a step's errors stop it). A batch that was marked
sent but never confirmed (a kill, a shutdown, a lost answer, an answer not yet stored) is sent again
with the same key at the next run: the API does not add its numbers twice.

Errors of addPhones (the client has already retried network errors, timeouts, 5xx and 429 within its
budget, honouring Retry-After):
- BadToken, CampaignClosed, any other refusal that will not change → the push is finished as failed with
  the reason's code; `PushView.stopped(code, params)`.
- CallsApiUnavailable (the whole retry budget spent) → the error is noted on the push and this run ends:
  `PushView.interrupted()`. The push stays running in the database; it resumes at the next start, or
  when `start` is called again (a "Resume" button). Waiting longer inside the run would hold a slot and
  the progress message for an outage of unknown length.
- CallsApiProtocolError → the outcome is unknown: the same batch is sent again with the same key, at most
  `PushConfig.resends` times, then the run ends as interrupted (the batch stays unconfirmed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator

from services.background import Background
from services.calls_api import CallsApi, CallsApiProtocolError
from services.calls_types import AddPhonesResult
from services.coordination import Coordinator, InProcess, Lease
from services.push_run import Halt, Run, being_started, default_api, guard, lease_name, tell
from services.push_types import (
    MappedBatch,
    PushBusy,
    PushConfig,
    PushSummary,
    PushView,
    Stopping,
    StopReason,
    count_zones,
    policy_of,
    started_at,
)
from storage.campaigns import CAMPAIGN_REMOVED, CampaignsRepo
from storage.lists import ListsRepo, ListStatus
from storage.pushes import Push, PushBatch, PushesRepo, PushStatus, Rejection
from validators.call_rows import CallRowMapper

logger = logging.getLogger(__name__)

ApiFactory = Callable[[str, str], CallsApi]  # (host, token) → a client the runner closes
_Prepared = tuple[PushBatch, MappedBatch]  # a batch read, mapped and marked sent
ViewFactory = Callable[[Push], Awaitable[PushView]]


class PushRunner:
    def __init__(
        self,
        pushes: PushesRepo,
        campaigns: CampaignsRepo,
        lists: ListsRepo,
        background: Background,
        config: PushConfig | None = None,
        *,
        api_factory: ApiFactory | None = None,
        coordinator: Coordinator | None = None,
    ) -> None:
        self.config = config or PushConfig()
        self._coordinator: Coordinator = coordinator or InProcess()
        self._leases: dict[int, Lease] = {}
        self._retry: asyncio.Task[None] | None = None
        self.stopping = False
        self._pushes = pushes
        self._campaigns = campaigns
        self._lists = lists
        self._background = background
        self._api_factory = api_factory or default_api(self.config)
        self._runs: dict[int, Run] = {}
        self._by_key: dict[tuple[int, int], int] = {}

    def running(self, push_id: int) -> bool:
        return push_id in self._runs

    def running_for(self, list_id: int, campaign_id: int) -> int | None:
        """The push of this list to this campaign that runs now, if any."""
        return self._by_key.get((list_id, campaign_id))

    async def busy_for(self, list_id: int, campaign_id: int) -> bool:
        """A push of this list to this campaign runs, here or on another instance."""
        key = (list_id, campaign_id)
        return key in self._by_key or await self._coordinator.held(lease_name(key))

    async def start(self, push_id: int, view: PushView, *, lease: Lease | None = None) -> bool:
        """Run the push in the background. False when it is finished, unknown or running already.
        Raises PushBusy (another push of the same list to the same campaign runs, here or on another
        instance: push id 0), Stopping. `lease`: the (list, campaign) lease, taken already (resume)."""
        started = False
        try:
            started = await self._start(push_id, view, lease)
            return started
        finally:
            if lease is not None and not started:
                await lease.release()

    async def _start(self, push_id: int, view: PushView, lease: Lease | None) -> bool:
        push = await self._pushes.get(push_id)
        if self.stopping:
            raise Stopping
        if push is None or push.finished or push_id in self._runs:
            return False
        key = (push.list_id, push.campaign_id)
        other = self._by_key.get(key)
        if other is not None:
            raise PushBusy(other)
        run = Run(push_id, key, view, total=push.total)
        self._runs[push_id] = run  # reserved here before the lease's round trip
        self._by_key[key] = push_id
        try:
            lease = lease or await self._coordinator.acquire(lease_name(key))
        finally:
            if lease is None:  # another instance runs it, or Redis failed
                self._forget(run)
        if lease is None:
            raise PushBusy(0)
        lease.on_lost = lambda: run.stop(Halt("lease"))  # another instance may take it over
        self._leases[push_id] = lease
        self._background.spawn(self._run(run), name=f"push-{push_id}")
        return True

    def _forget(self, run: Run) -> None:
        self._runs.pop(run.push_id, None)
        if self._by_key.get(run.key) == run.push_id:
            del self._by_key[run.key]

    async def cancel(self, push_id: int) -> bool:
        """Finish the push as cancelled; its run starts no new batch (one in flight is still confirmed:
        the API has those numbers). False when it had finished already."""
        cancelled = await self._pushes.finish(push_id, PushStatus.CANCELLED, error=StopReason.CANCELLED.value)
        run = self._runs.get(push_id)
        if run is not None:
            run.stop(Halt("cancelled", StopReason.CANCELLED))
        return cancelled

    def begin_stop(self) -> None:
        """Shutdown, first step: no push or batch starts any more; requests in flight may finish within
        the shutdown's grace (Background.stop cuts the rest). Unconfirmed batches resume at the next start
        with their idempotence keys."""
        self.stopping = True
        if self._retry is not None:
            self._retry.cancel()
        for run in self._runs.values():
            run.stop(Halt("shutdown"))

    async def resume_unfinished(self, view_factory: ViewFactory, only: set[int] | None = None) -> list[int]:
        """Start-up: run again the pushes a stop or a kill cut off (oldest first); the started ids. A
        second unfinished push of the same list and campaign waits. One whose lease another instance
        holds is looked at again every lease TTL and taken over once it expired; with a shared
        coordinator every unfinished push is, so an instance that dies later has its pushes taken over."""
        started, held = [], set()
        for push in await self._pushes.unfinished():
            if self.stopping:
                break
            key = (push.list_id, push.campaign_id)
            if (only is not None and push.id not in only) or self.running(push.id) or key in self._by_key:
                continue
            try:
                young = self._coordinator.shared and being_started(push, self._coordinator.lease_ttl)
                lease = None if young else await self._coordinator.acquire(lease_name(key))
                if lease is None:
                    held.add(push.id)
                    continue
                try:
                    view = await view_factory(push)
                except BaseException:
                    await lease.release()
                    raise
                if await self.start(push.id, view, lease=lease):
                    started.append(push.id)
            except (PushBusy, Stopping):
                continue
            except Exception:
                logger.exception("Could not resume push %s", push.id)
        watch = None if self._coordinator.shared else held
        if (held or watch is None) and not self.stopping and (self._retry is None or self._retry.done()):
            self._retry = asyncio.create_task(self._resume_later(view_factory, watch), name="push-takeover")
        return started

    async def _resume_later(self, view_factory: ViewFactory, only: set[int] | None) -> None:
        await asyncio.sleep(self._coordinator.lease_ttl)
        self._retry = None
        await self.resume_unfinished(view_factory, only)

    # --- one run --------------------------------------------------------------------------------

    def campaign_removed(self, push_ids: Iterable[int]) -> None:
        """`CampaignsRepo.remove` cancelled these pushes in the database: their runs start no new batch
        (they would not anyway: a finished push's batches cannot be marked sent) and say why."""
        for push_id in push_ids:
            run = self._runs.get(push_id)
            if run is not None:
                run.stop(Halt("finished"))

    async def _run(self, run: Run) -> None:
        try:
            await self._drive(run)
        except Exception:  # the database, most likely: the push stays unfinished and resumes later
            logger.exception("Push %s stopped by an unexpected error", run.push_id)
            await tell(run.view.interrupted())
        finally:
            run.mapping.close()
            self._forget(run)
            lease = self._leases.pop(run.push_id, None)
            if lease is not None:
                await asyncio.shield(lease.release())

    async def _drive(self, run: Run) -> None:
        push_id = run.push_id
        if run.halt is not None or not await self._pushes.start(push_id):
            await self._ended(run)
            return
        push = await self._pushes.get(push_id)
        assert push is not None
        found = await self._lists.get(push.list_id)
        if found is None or found.status is not ListStatus.READY:
            await self._fail(run, Halt("list", StopReason.LIST_GONE), PushStatus.FAILED)
            return
        campaign = await self._campaigns.get_active(push.campaign_id)
        token = await self._campaigns.token_of(push.campaign_id) if campaign else None
        if campaign is None or not token:
            await self._fail(run, Halt("campaign", StopReason.CAMPAIGN_REMOVED), PushStatus.CANCELLED)
            return
        mapper = CallRowMapper(found.columns, at=started_at(push.started_at), policy=policy_of(push.options))
        run.done = push.done
        batches = await self._pushes.unconfirmed_batches(push_id, max(push.batches, 1))
        await tell(run.view.progress(run.done, run.total))
        api = self._api_factory(campaign.host, token)
        try:
            queue = iter(batches)
            workers = min(self.config.in_flight, len(batches))
            await asyncio.gather(*(self._worker(run, api, mapper, push, queue) for _ in range(workers)))
        finally:
            await api.close()
        if run.halt is None:
            await self._finish_done(run, mapper, push)
        else:
            await self._ended(run)

    async def _worker(
        self, run: Run, api: CallsApi, mapper: CallRowMapper, push: Push, queue: Iterator[PushBatch]
    ) -> None:
        """Sends batches from the shared queue; the next one is read, mapped (in a thread) and marked sent
        while this one is in flight, and a batch's answer is stored while the next request is in flight,
        so neither the database nor the mapping holds the request slot (bench.push_list). One store at a
        time per worker; the last is waited for before the worker ends (the push is done only with every
        answer stored). A kill can leave an answered batch unconfirmed besides the one in flight: both
        are sent again with their keys at the next run and the API adds nothing twice. A batch marked
        sent but never sent (the run stopped) is sent with its key at the next run too."""
        ready = self._ahead(run, push, mapper, queue)
        stored: asyncio.Future[None] | None = None
        try:
            while ready is not None and run.halt is None:
                prepared = await ready
                ready = None
                if prepared is None or run.halt is not None:
                    break
                batch, mapped = prepared
                ready = self._ahead(run, push, mapper, queue)
                request = self._request(run, api, push, batch, mapped)
                result = await guard(self._pushes, run, push.id, batch.batch_no, request)
                if stored is not None:
                    await stored
                    stored = None
                if result is None:
                    break
                store = self._store(run, push, batch, mapped, result)
                stored = asyncio.ensure_future(guard(self._pushes, run, push.id, batch.batch_no, store))
        except asyncio.CancelledError:  # cut (shutdown): a store under way is cut too, as it was inline
            if stored is not None:
                stored.cancel()
            raise
        finally:
            if stored is not None:  # an answer is stored before the worker ends (or rolled back if cut)
                await asyncio.wait({stored})
            if ready is not None:  # a read-ahead of a run that stopped ends unsent; not cancelled: a read
                await asyncio.wait({ready})  # cut mid-cursor would leave the reader on an old snapshot

    def _ahead(
        self, run: Run, push: Push, mapper: CallRowMapper, queue: Iterator[PushBatch]
    ) -> asyncio.Future[_Prepared | None] | None:
        """The queue's next batch read, mapped in a thread and marked sent, as a task; None at the end."""
        batch = next(queue, None)
        if batch is None:
            return None

        async def prepare() -> _Prepared | None:
            rows = await self._pushes.batch_rows(push.list_id, batch)
            items = await run.mapping.map(mapper, rows.rows())
            if await self._pushes.mark_batch_sent(push.id, batch.batch_no) is None:
                run.stop(Halt("finished"))  # cancelled or its campaign removed meanwhile
                return None
            return batch, items

        return asyncio.ensure_future(guard(self._pushes, run, push.id, batch.batch_no, prepare()))

    async def _request(
        self, run: Run, api: CallsApi, push: Push, batch: PushBatch, mapped: MappedBatch
    ) -> AddPhonesResult | None:
        for attempt in range(self.config.resends + 1):
            if attempt and await self._pushes.mark_batch_sent(push.id, batch.batch_no) is None:
                run.stop(Halt("finished"))
                return None
            try:
                return await api.add_phones(mapped.items, batch.idempotence_key)
            except CallsApiProtocolError as exc:
                if attempt == self.config.resends:
                    raise
                logger.warning(
                    "Push %s, batch %s: %s; sending it again with the same key", push.id, batch.batch_no, exc
                )
        return None  # not reached: the last attempt returns or raises

    async def _store(
        self, run: Run, push: Push, batch: PushBatch, mapped: MappedBatch, result: AddPhonesResult
    ) -> None:
        rejections = [Rejection(batch.first_position + r.index, r.phone, r.reason) for r in result.rejected]
        confirmed = await self._pushes.mark_batch_confirmed(
            push.id,
            batch.batch_no,
            accepted=result.accepted_count,
            rejected=len(result.rejected),
            job_ids=result.job_ids,
            rejections=rejections,
        )
        if confirmed:
            run.done += batch.size
            run.zones += mapped.zones
            run.mapped.add(batch.batch_no)
            await tell(run.view.progress(run.done, run.total))

    # --- endings ----------------------------------------------------------------------------------

    async def _finish_done(self, run: Run, mapper: CallRowMapper, push: Push) -> None:
        zones = run.zones
        for batch_no in range(push.batches):  # batches an earlier run confirmed: counted again, streamed
            if batch_no in run.mapped:
                continue
            batch = await self._pushes.batch(push.id, batch_no)
            if batch is not None:
                rows = await self._pushes.batch_rows(push.list_id, batch)
                zones += await asyncio.to_thread(count_zones, mapper, rows.rows())
        await self._pushes.finish(push.id, PushStatus.DONE)
        final = await self._pushes.get(push.id)
        assert final is not None
        if final.status is not PushStatus.DONE:  # cancelled just before
            await self._ended(run)
            return
        summary = PushSummary(
            push_id=final.id,
            campaign_name=final.campaign_name,
            total=final.total,
            accepted=final.accepted,
            rejected=final.rejected,
            rejected_by_reason=dict(final.rejected_by_reason),
            rejections_stored=final.rejections_stored,
            zones=zones,
        )
        await tell(run.view.done(summary))

    async def _fail(self, run: Run, halt: Halt, status: PushStatus) -> None:
        run.stop(halt)
        assert run.halt is not None
        assert run.halt.reason is not None
        await self._pushes.finish(run.push_id, status, error=run.halt.reason.value)
        await tell(run.view.stopped(run.halt.reason, run.halt.params))

    async def _ended(self, run: Run) -> None:
        """A run that stopped before its last batch: say why, finishing the push where it is final."""
        halt = run.halt or Halt("finished")
        if halt.reason is not None and halt.reason is not StopReason.CANCELLED:
            await self._fail(run, halt, PushStatus.FAILED)
            return
        push = await self._pushes.get(run.push_id)
        if push is not None and push.finished:
            removed = push.last_error == CAMPAIGN_REMOVED
            reason = StopReason.CAMPAIGN_REMOVED if removed else StopReason.CANCELLED
            await tell(run.view.stopped(reason, {}))
            return
        await tell(run.view.interrupted())
