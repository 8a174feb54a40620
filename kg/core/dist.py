"""dist/: each release written whole beside the one in use, switched to in one step, checked by readers.

    dist/
      current -> releases/ID           the one switch: a symbolic link, replaced atomically
      releases/ID/                     a release: its files and its manifest.json (ID: from their SHA-256)
      oioo-full.nt -> current/oioo-full.nt, ..., manifest.json -> current/manifest.json
      .release-PID-XXXX/               a release being written by the build of process PID

A build writes every file of its release into a folder of its own (`new_folder`); nothing in dist/
changes meanwhile. When all are written, `commit` names the folder `releases/ID` and replaces the link
`current` with one to it: one rename, so a reader sees the old release or the new one, whole, never a
mix, wherever the build was stopped. The names in dist/ itself are links through `current`, so people
and other tools see the switch at the same instant. The release before stays (a reader that resolved
`current` a moment before the switch still finds its files); older ones, and the folders of builds
that were killed, are removed by the next build.

Readers (`kg query`, `kg serve`, `kg push`, `kg publish`) resolve `current` once (`release_folder`) and
check the files they load against the manifest's SHA-256 (`verified`): a release altered or damaged
after it was written is refused, with a hint to build it again, never loaded.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from kg.core.errors import KGError
from kg.core.serialize import FOLDER_MODE, make_readable

MANIFEST = "manifest.json"
CURRENT = "current"
RELEASES = "releases"
PARTIAL = ".release-"  # + the writing process's id
CHUNK = 1 << 23


class BrokenRelease(KGError):
    """dist/ holds a release whose files do not match its manifest: refused, never loaded."""


def release_folder(dist: Path) -> Path:
    """The folder of the current release: where `current` points (resolved once, so that a switch
    meanwhile cannot mix two releases), or dist/ itself for a release written before releases had
    folders of their own."""
    link = dist / CURRENT
    return Path(os.path.realpath(link)) if link.is_symlink() else dist


def read_manifest(folder: Path) -> dict | None:
    """The manifest of the release in `folder`, None if there is none that can be read."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("files"), dict) else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as read:
        while chunk := read.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verified(folder: Path, manifest: dict, names=None) -> Path:
    """`folder`, once each of its files in `names` (default: all the manifest lists) has the SHA-256 the
    manifest records; BrokenRelease naming the first that does not."""
    for name in manifest["files"] if names is None else names:
        entry = manifest["files"].get(name) or {}
        path = folder / name
        if not path.is_file():
            problem = "is missing"
        elif sha256_of(path) != entry.get("sha256"):
            problem = "does not match the SHA-256 its manifest records (altered, or damaged, since it was written)"
        else:
            continue
        raise BrokenRelease(f"{path} {problem}: the release is refused; run `kg build` to write it again")
    return folder


def remove_abandoned(dist: Path, prefix: str, keep: Path | None = None) -> None:
    """Remove the folders `prefix`PID-... of processes that are gone (killed before they could), but `keep`."""
    for folder in dist.glob(f"{prefix}*"):
        pid = folder.name[len(prefix):].split("-", 1)[0]
        if not pid.isdigit() or folder == keep:
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            if folder.is_symlink():  # (kg publish's link to a new site, made just before it switches)
                folder.unlink(missing_ok=True)
            else:
                shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, another user's
            pass


def new_folder(dist: Path) -> Path:
    """A folder of dist/ to write a release into (the folders of killed builds are removed first)."""
    if dist.exists() and not dist.is_dir():
        raise KGError(f"{dist}: not a folder: the build writes its releases there (move the file away)")
    dist.mkdir(parents=True, exist_ok=True)
    remove_abandoned(dist, PARTIAL)
    return Path(tempfile.mkdtemp(prefix=f"{PARTIAL}{os.getpid()}-", dir=dist))


@contextmanager
def locked(dist: Path):
    """Within: this process alone, of those that change what dist/ holds (the lock is flock's, on the folder
    itself: nothing is written, and it is let go when the process ends, killed or not). Two builds at once
    each removed the release the other had just written; two queries at once each made the release's
    store and swapped it in under the other, which read RocksDB's "Corruption" (exit 70)."""
    try:
        import fcntl
    except ImportError:  # (not a POSIX system: no lock)
        yield
        return
    descriptor = os.open(dist, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def commit(dist: Path, folder: Path, manifest: dict) -> list[Path]:
    """Make the complete release in `folder` (from `new_folder`; `manifest`: its sources and files) the
    current one, in one rename; return the names in dist/ it is read by (its files, then the manifest)."""
    data = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    (folder / MANIFEST).write_bytes(data)
    make_readable(folder)  # (mkdtemp's folder is the owner's only, and the files follow the umask)
    with locked(dist):
        identity = hashlib.sha256(data).hexdigest()[:16]
        releases = dist / RELEASES
        releases.mkdir(exist_ok=True)
        for made_before in (dist, releases):  # (by a build under another umask, say 077: the modes of this one)
            made_before.chmod(FOLDER_MODE)
        target = releases / identity
        if target.exists() and exchange(folder, target):
            # the same release again, swapped in in one step: its readers find it whole throughout, and the
            # one written before (whole or damaged, the same bytes) is not read to know which (2.5 s at 1 M)
            _remove(folder)
        elif target.is_dir() and _whole(target, manifest):  # (no exchange here: the one written before is it)
            shutil.rmtree(folder)
            make_readable(target)
        elif target.exists():  # the same release, damaged: replaced
            trash = Path(tempfile.mkdtemp(prefix=f"{PARTIAL}{os.getpid()}-", dir=dist))
            target.rename(trash / identity)
            folder.rename(target)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            folder.rename(target)
        before = release_folder(dist)
        replace_link(dist / CURRENT, f"{RELEASES}/{identity}")  # the switch
        names = [*manifest["files"], MANIFEST]
        for name in names:
            if not (dist / name).is_symlink() or os.readlink(dist / name) != f"{CURRENT}/{name}":
                replace_link(dist / name, f"{CURRENT}/{name}")
        for link in dist.iterdir():  # names of files the new release no longer has
            if link.is_symlink() and os.readlink(link).startswith(f"{CURRENT}/") and link.name not in names:
                link.unlink()
        for old in releases.iterdir():
            if old.name != identity and old != before:
                shutil.rmtree(old, ignore_errors=True)
        return [dist / name for name in names]


def _remove(path: Path) -> None:
    """Remove a folder of dist/ and what it holds, or the file or link at `path`."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _whole(folder: Path, manifest: dict) -> bool:
    try:
        verified(folder, manifest)
    except BrokenRelease:
        return False
    return True


AT_FDCWD, RENAME_EXCHANGE = -100, 2  # <fcntl.h>, <linux/fs.h>


def exchange(first: Path, second: Path) -> bool:
    """Swap what the names `first` and `second` hold, in one step (Linux's renameat2 with RENAME_EXCHANGE): a
    reader of either name finds what was there before or what is there after, never nothing. True if done;
    False where the system cannot (not Linux, a C library without renameat2, a kernel or file system without
    RENAME_EXCHANGE), and nothing was changed; OSError for any other refusal."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # (glibc before 2.28)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def replace_link(path: Path, target: str) -> None:
    """Point `path` at `target` (relative), replacing whatever is there in one rename: a reader finds what was
    there before or the new, never nothing."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    try:
        os.replace(temporary, path)
    except OSError as error:  # a folder (or a file it cannot replace) where the link goes
        temporary.unlink(missing_ok=True)
        raise KGError(f"{path}: {error.strerror}: kg keeps a link there to what it wrote last (move what is "
                      f"there away; what it wrote before is still whole)") from None
