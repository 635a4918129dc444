"""nbgrader's own file exchange, with each submission and each feedback page readable by its
participant and the trainers only.

nbgrader's default exchange leaves a submission world-readable (files ``0644``, folders
``0755``, the submission's own folder ``0777``): another participant who learns its name can
read it, and with it the submission's secret, which names the feedback page. The cohort hub
keeps nbgrader's exchange and changes only the permissions, with two classes chosen in the
nbgrader settings it writes (``hub/cohort.py configure``)::

    c.ExchangeFactory.submit = "cxlab_hub.exchange.SubmitToTrainers"
    c.ExchangeFactory.release_feedback = "cxlab_hub.exchange.ReleaseFeedbackToAuthor"

* the course's ``inbound`` folder belongs to the trainer and the group ``cxlab-trainers`` (the
  trainers' accounts), mode ``3773``: participants may add a submission but not list the
  folder, nor rename or remove anyone else's (sticky bit), and every new submission takes the
  folder's group (setgid bit);
* :class:`SubmitToTrainers` leaves the submission's files ``0640`` and folders ``0770``: the
  participant and the trainers' group read it (so ``nbgrader collect`` works as before), the
  others cannot;
* :class:`ReleaseFeedbackToAuthor` gives each released feedback page the trainers' group and
  a POSIX access list naming its participant alone (``user:<participant>:r``, others none).
  Where the file system keeps no access lists, the page stays readable by name only, as with
  nbgrader's default (its name comes from the submission's secret, which the others cannot
  read), and the release log says so.
"""

from __future__ import annotations

import errno
import glob
import grp
import os
import pwd
import re
import stat
import struct

from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import notebook_hash

__all__ = ["TRAINERS_GROUP", "INBOUND_MODE", "FILE_MODE", "DIR_MODE", "SubmitToTrainers",
           "ReleaseFeedbackToAuthor", "feedback_acl"]

#: The group of the trainers' accounts, which reads every submission.
TRAINERS_GROUP = "cxlab-trainers"
#: ``inbound``: the trainer and their group list it; everyone adds, nobody removes another's.
INBOUND_MODE = stat.S_ISGID | stat.S_ISVTX | 0o773
#: a submission's files: the participant reads and writes, the trainers read
FILE_MODE = 0o640
#: a submission's folders: the participant and the trainers (who may clear them away)
DIR_MODE = 0o770

# the Linux POSIX access list as its extended attribute holds it (linux/posix_acl_xattr.h)
_ACL_XATTR = "system.posix_acl_access"
_ACL_VERSION = 2
_USER_OBJ, _USER, _GROUP_OBJ, _MASK, _OTHER = 0x01, 0x02, 0x04, 0x10, 0x20
_NO_ID = 0xFFFFFFFF


class SubmitToTrainers(ExchangeSubmit):
    """nbgrader's submit, the submission readable by its participant and the trainers only."""

    def init_dest(self):
        super().init_dest()
        mode = os.stat(self.inbound_path).st_mode
        if not mode & stat.S_ISGID:
            # without the folder's group the trainers could not read the submission
            self.fail("The course's hand-in folder is not ready for private submissions "
                      "yet: please ask your trainer.")

    def do_copy(self, src, dest, log=None):
        """The copy into the exchange keeps the inbound folder's group on every file.

        Made here (``0700`` until :meth:`set_perms`), the submission's folder takes the
        inbound folder's group and setgid bit; nbgrader's copy goes into a folder inside it
        and its entries are moved up, since the copy would give the top folder the
        participant's own mode (without the setgid bit) and the two files nbgrader writes
        next (``timestamp.txt``, ``submission_secret.txt``) would take the participant's
        group, which the trainers cannot read."""
        if os.path.dirname(os.path.abspath(dest)) != os.path.abspath(self.inbound_path):
            return super().do_copy(src, dest, log)
        os.mkdir(dest, 0o700)
        staging = os.path.join(dest, ".cxlab-copy")
        super().do_copy(src, staging, log)
        for name in os.listdir(staging):
            os.rename(os.path.join(staging, name), os.path.join(dest, name))
        os.rmdir(staging)
        return None

    def set_perms(self, dest, fileperms, dirperms):
        """nbgrader calls this once, on the new submission: group-readable, not world."""
        super().set_perms(dest, fileperms=FILE_MODE, dirperms=DIR_MODE)

    def copy_files(self):
        super().copy_files()
        # nbgrader opens the submission's own folder to everyone (0777) at the end
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), DIR_MODE)


def feedback_acl(reader_uid: int) -> bytes:
    """The access list "owner rw, ``reader_uid`` r, the file's group r, others nothing", in
    the binary form of the ``system.posix_acl_access`` attribute."""
    entries = [(_USER_OBJ, 6, _NO_ID), (_USER, 4, reader_uid), (_GROUP_OBJ, 4, _NO_ID),
               (_MASK, 4, _NO_ID), (_OTHER, 0, _NO_ID)]
    return struct.pack("<I", _ACL_VERSION) + b"".join(
        struct.pack("<HHI", tag, perm, ident) for tag, perm, ident in entries)


class ReleaseFeedbackToAuthor(ExchangeReleaseFeedback):
    """nbgrader's release_feedback, each page readable by its participant and the trainers."""

    def copy_files(self):
        super().copy_files()
        try:
            group = grp.getgrnam(TRAINERS_GROUP).gr_gid
        except KeyError:
            group = -1
        unprotected = []
        for student_id, page in self._released_pages():
            try:
                reader = pwd.getpwnam(student_id).pw_uid
            except KeyError:
                unprotected.append(student_id)
                continue
            if group != -1:
                try:  # the other trainers read it too
                    os.chown(page, -1, group)
                except OSError:
                    pass
            try:
                os.setxattr(page, _ACL_XATTR, feedback_acl(reader))
            except OSError as exc:
                if exc.errno not in (errno.EOPNOTSUPP, errno.ENOTSUP, errno.EPERM):
                    raise
                unprotected.append(student_id)
        if unprotected:
            self.log.warning(
                "Feedback of %s is readable by anyone who knows its file name (this file "
                "system keeps no access lists, or the account is unknown)",
                ", ".join(sorted(set(unprotected))))

    def _released_pages(self):
        """(student id, path in the exchange) of each page ``copy_files`` released: the same
        walk and naming as nbgrader's own."""
        excluded = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
        regexp = re.escape(os.path.sep).join([
            self.coursedir.format_path(self.coursedir.feedback_directory, "(?P<student_id>.*)",
                                       self.coursedir.assignment_id, escape=True),
            "(?P<notebook_id>.*).html"])
        for html_file in glob.glob(os.path.join(self.src_path, "*.html")):
            match = re.match(regexp, html_file)
            if match is None or match["student_id"] in excluded:
                continue
            folder = os.path.dirname(html_file)
            with open(os.path.join(folder, "submission_secret.txt")) as fh:
                secret = fh.read()
            checksum = notebook_hash(secret=secret, notebook_id=match["notebook_id"])
            yield match["student_id"], os.path.join(self.dest_path, f"{checksum}.html")
