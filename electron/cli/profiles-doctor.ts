/** `profiles doctor`: this store against its keychain entries; --repair, and the explicit --forget-orphans --yes. */
import type { Command } from 'commander';
import type { DoctorReport } from '../core/vault/doctor.js';
import { PIECE_GRACE_MS } from '../core/vault/secret-pieces.js';
import type { GlobalOptions } from './context.js';
import { printFailure } from './failures.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { escapeControls, formatOutput } from './output.js';
import { openVault } from './vault-context.js';

function view(d: DoctorReport) {
  return {
    StoreId: d.storeId,
    CorruptStore: d.corruptStore ? { Reason: d.corruptStore.reason, KeptAsideAt: d.corruptStore.keptAsideAt ?? null } : null,
    OrphanEntries: d.orphanEntries.map((x) => ({ Id: x.id, Name: x.name, AccessKeyId: x.accessKeyId, RestoredAs: x.restoredAs ?? null, DropFailed: x.dropFailed ?? null, SameKeyAs: x.sameKeyAs ?? null, Forgotten: x.forgotten ?? false, SavedLately: x.savedLately ?? false })),
    ProfilesWithoutSecret: d.profilesWithoutSecret.map((x) => ({ Name: x.name, AccessKeyId: x.accessKeyId, Removed: x.removed ?? false })),
    UnclaimedEntries: d.unclaimedEntries.map((x) => ({ Id: x.id, Name: x.name, AccessKeyId: x.accessKeyId })),
    OtherStoresEntries: d.otherStoresEntries,
    UnreadableKeychainEntries: d.unreadableEntries,
    LeftoverPieces: d.leftoverPieces,
    LeftoverPiecesForgotten: d.leftoverPiecesForgotten ?? false,
    RecentPieces: d.recentPieces,
    BrokenEntries: d.brokenEntries.map((x) => ({ Id: x.id, Forgotten: x.forgotten ?? false })),
    RestoreUnchecked: d.restoreUnchecked ?? null,
    KeptAside: d.keptAside,
    Repaired: d.repaired,
  };
}

/** The entries listed that --forget-orphans --yes deletes: not one saved lately (a save may be under way). */
const deletable = (d: DoctorReport) => d.orphanEntries.filter((o) => !o.savedLately).length + d.brokenEntries.length;

/** How long a piece or an entry no profile uses is taken for a save's under way, in the words' minutes. */
const GRACE_MINUTES = PIECE_GRACE_MS / 60_000;

/** What the doctor found and did, in words. */
export function doctorWords(d: DoctorReport): string {
  const lines: string[] = [];
  if (d.corruptStore) lines.push(`The store cannot be read (${d.corruptStore.reason})${d.corruptStore.keptAsideAt ? `; it was kept aside at ${d.corruptStore.keptAsideAt}` : ''}.`);
  for (const o of d.orphanEntries) {
    const lately = `saved less than ${GRACE_MINUTES} minutes ago, so a save (add, set-key, import) may still be under way: left alone (if no profile uses it by then, a \`keyscope profiles doctor --repair\` run later restores it, and \`--forget-orphans --yes\` deletes it)`;
    const dropFailed = o.dropFailed && `, but another keyscope (a set-key or remove) deleted the entry meanwhile, and the store could not be written to drop that profile again (${o.dropFailed.replace(/\.$/, '')}), so "${o.restoredAs}" has no secret: once the store can be written, run \`keyscope profiles doctor --repair\` again to drop it, or give it a key with \`keyscope profiles set-key ${o.restoredAs}\``;
    const what = o.forgotten ? 'forgotten (deleted from the keychain)' : o.restoredAs ? `restored as profile "${o.restoredAs}"${dropFailed || ''}` : o.sameKeyAs ? `not restored: "${o.sameKeyAs}" holds the same key` : o.savedLately ? `has no profile yet, ${lately}` : 'has no profile';
    lines.push(`Keychain entry "${o.name}" (${o.accessKeyId}, id ${o.id}): ${what}.`);
  }
  if (d.restoreUnchecked) lines.push(`The keychain could not be looked at again after the restore (${d.restoreUnchecked.replace(/\.$/, '')}): if another keyscope's set-key or remove deleted a restored entry meanwhile, its restored profile has no secret. Unlock the keychain, then run \`keyscope profiles doctor --repair\` again: it drops such a profile.`);
  for (const p of d.profilesWithoutSecret) lines.push(`Profile "${p.name}" (${p.accessKeyId}) has no secret in the keychain${p.removed ? ': removed from the store' : ''}.`);
  for (const u of d.unclaimedEntries) lines.push(`Keychain entry "${u.name}" (${u.accessKeyId}, id ${u.id}) was saved by an older keyscope and no profile here uses it; it may be another store's: left alone.`);
  const others = d.otherStoresEntries;
  if (others) lines.push(`${others === 1 ? '1 keychain entry belongs to another keyscope store (another KEYSCOPE_HOME folder)' : `${others} keychain entries belong to other keyscope stores (other KEYSCOPE_HOME folders)`}: left alone.`);
  if (d.unreadableEntries) lines.push(`${d.unreadableEntries} ${d.unreadableEntries === 1 ? 'entry' : 'entries'} under the keyscope service could not be read as keyscope's: left alone.`);
  const pieces = d.leftoverPieces === 1 ? '1 piece' : `${d.leftoverPieces} pieces`;
  if (d.leftoverPieces) lines.push(`${pieces} of long keychain entries (kept in pieces) no entry uses, left by a save that stopped midway: ${d.leftoverPiecesForgotten ? 'forgotten (deleted from the keychain)' : 'no entry needs them; `keyscope profiles doctor --forget-orphans --yes` deletes them'}.`);
  if (d.recentPieces) lines.push(`${d.recentPieces === 1 ? '1 piece' : `${d.recentPieces} pieces`} of a long keychain entry, written less than ${GRACE_MINUTES} minutes ago, that no entry uses yet: a save may still be under way, so ${d.recentPieces === 1 ? 'it is' : 'they are'} left alone (a \`keyscope profiles doctor\` run later lists those still unused as left over).`);
  for (const b of d.brokenEntries) lines.push(`Keychain entry id ${b.id} of this store is kept in pieces that do not add up, and no profile uses it: ${b.forgotten ? 'forgotten (deleted from the keychain)' : 'it cannot be restored; `keyscope profiles doctor --forget-orphans --yes` deletes it'}.`);
  if (lines.length === 0) lines.push('The store and the keychain agree: nothing to repair.');
  const entries = deletable(d);
  if (d.forgetNeedsYes && entries) lines.push(`Nothing was deleted: run again with --yes to forget ${entries === 1 ? 'the entry' : `the ${entries} entries`} listed${d.leftoverPieces ? ` and the ${pieces} left over` : ''}.`);
  else if (d.forgetNeedsYes && d.leftoverPieces) lines.push(`Nothing was deleted: run again with --yes to forget the ${pieces} left over.`);
  return `${lines.map(escapeControls).join('\n')}\n`;
}

/** The exit code of a doctor run that needed no --yes. */
export function doctorExit(d: DoctorReport, forgetOrphans: boolean): number {
  // A repair that could not check, or undo, what it restored is undecided: a profile may have no secret.
  const unsure = d.restoreUnchecked !== undefined || d.orphanEntries.some((o) => o.dropFailed !== undefined);
  const problems = Boolean(d.corruptStore) || d.orphanEntries.length + d.brokenEntries.length + d.profilesWithoutSecret.length > 0;
  return unsure || (problems && !d.repaired && !forgetOrphans) ? EXIT.undecided : EXIT.ok;
}

/** Adds `profiles doctor`. */
export function addDoctorCommand(group: Command, io: CliIo, setExit: (code: number) => void, globals: (cmd: Command) => GlobalOptions): void {
  group
    .command('doctor')
    .description("compare the store with its keychain entries; --repair fixes the store (it never deletes a keychain entry)")
    .option('--repair', "keep an unreadable store aside, rebuild profiles from this store's entries, drop profiles whose secret is gone")
    .option('--forget-orphans', "delete this store's keychain entries that no profile uses (lists them; needs --yes)")
    .option('--yes', 'confirm --forget-orphans')
    .action(async (flags: { repair?: boolean; forgetOrphans?: boolean; yes?: boolean }, self: Command) => {
      if (flags.repair && flags.forgetOrphans) throw new UsageError('--repair and --forget-orphans do different things: run one, then the other.', '--repair restores orphaned entries as profiles; --forget-orphans deletes them.');
      if (flags.yes && !flags.forgetOrphans) throw new UsageError('--yes only confirms --forget-orphans.');
      const r = await openVault(io).doctor({ repair: Boolean(flags.repair), forgetOrphans: Boolean(flags.forgetOrphans), yes: Boolean(flags.yes) });
      if (!r.ok) return setExit(printFailure(io, r.error));
      const d = r.value;
      io.stdout(globals(self).output === 'text' ? doctorWords(d) : formatOutput(view(d), globals(self).output, 'Doctor'));
      const entries = deletable(d);
      if (d.forgetNeedsYes) {
        if (entries) io.stderr(`keyscope: nothing was deleted; add --yes to forget ${entries === 1 ? 'this keychain entry' : `these ${entries} keychain entries`}.\n`);
        else if (d.leftoverPieces) io.stderr(`keyscope: nothing was deleted; add --yes to forget the ${d.leftoverPieces === 1 ? 'piece' : `${d.leftoverPieces} pieces`} left over.\n`);
        return setExit(entries + d.leftoverPieces ? EXIT.usage : EXIT.ok);
      }
      setExit(doctorExit(d, Boolean(flags.forgetOrphans)));
    });
}
