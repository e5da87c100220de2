"""A real OpenLDAP server (Debian's slapd) for the tests: started on 127.0.0.1 on a free port in a
temporary folder with a small directory of people and groups, stopped at the end.

Without slapd the LDAP tests are skipped, except in CI (CI=true) or with MIPG_REQUIRE_LDAP=1, where its
absence fails them (.ci/run installs `slapd ldap-utils`)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SLAPD = os.environ.get("MIPG_SLAPD", "/usr/sbin/slapd")
SUFFIX = "dc=mipg,dc=test"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "clave-raiz-del-directorio"
BIND_DN = f"cn=gestor-mipg,ou=servicios,{SUFFIX}"
BIND_PASSWORD = "clave-de-la-cuenta-de-servicio"
PEOPLE = f"ou=personas,{SUFFIX}"
GROUPS = f"ou=grupos,{SUFFIX}"
USER_PASSWORD = "Clave-del-Directorio-2026"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {dir}/slapd.pid
argsfile {dir}/slapd.args

database mdb
maxsize 20971520
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {dir}/data
# Passwords are only for binding; people and groups are read by signed-in accounts, not anonymously.
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by * none
"""

DIRECTORY = """\
dn: {suffix}
objectClass: dcObject
objectClass: organization
o: Entidad de prueba
dc: mipg

dn: ou=servicios,{suffix}
objectClass: organizationalUnit
ou: servicios

dn: {bind_dn}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: gestor-mipg
userPassword: {bind_password}

dn: {people}
objectClass: organizationalUnit
ou: personas

dn: {groups}
objectClass: organizationalUnit
ou: grupos

dn: uid=jperez,{people}
objectClass: inetOrgPerson
uid: jperez
cn: Juana Pérez
givenName: Juana
sn: Pérez
mail: juana.perez@mipg.test
userPassword: {user_password}

dn: uid=mgomez,{people}
objectClass: inetOrgPerson
uid: mgomez
cn: Mario Gómez
givenName: Mario
sn: Gómez
mail: mario.gomez@mipg.test
userPassword: {user_password}

dn: uid=lrios,{people}
objectClass: inetOrgPerson
uid: lrios
cn: Luisa Ríos
givenName: Luisa
sn: Ríos
mail: luisa.rios@mipg.test
userPassword: {user_password}

dn: cn=planeacion,{groups}
objectClass: groupOfNames
cn: planeacion
member: {bind_dn}
member: uid=jperez,{people}

dn: cn=planeacion-sector,{groups}
objectClass: groupOfNames
cn: planeacion-sector
member: {bind_dn}
member: uid=mgomez,{people}

dn: cn=control-interno,{groups}
objectClass: groupOfNames
cn: control-interno
member: {bind_dn}
member: uid=jperez,{people}
member: uid=mgomez,{people}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def required() -> bool:
    return os.environ.get("MIPG_REQUIRE_LDAP") == "1" or os.environ.get("CI", "").lower() == "true"


class Slapd:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="mipg-slapd-"))
        self.port = _free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}/"
        self.process = None

    def start(self) -> "Slapd":
        (self.dir / "data").mkdir()
        values = {
            "dir": self.dir,
            "suffix": SUFFIX,
            "root_dn": ROOT_DN,
            "root_password": ROOT_PASSWORD,
            "bind_dn": BIND_DN,
            "bind_password": BIND_PASSWORD,
            "people": PEOPLE,
            "groups": GROUPS,
            "user_password": USER_PASSWORD,
        }
        (self.dir / "slapd.conf").write_text(CONFIG.format(**values))
        # -d keeps slapd in the foreground (a child of this process, so it never outlives the tests)
        self.process = subprocess.Popen(
            [SLAPD, "-h", self.uri, "-f", str(self.dir / "slapd.conf"), "-d", "0"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "slapd.log", "wb"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 20
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"slapd stopped: {(self.dir / 'slapd.log').read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("slapd did not start listening in 20 s") from None
                time.sleep(0.1)
        self.ldif(DIRECTORY.format(**values), command="ldapadd")
        return self

    def ldif(self, text: str, command: str = "ldapmodify") -> None:
        """Apply LDIF as the directory's administrator (ldapadd / ldapmodify from ldap-utils)."""
        subprocess.run(
            [command, "-x", "-H", self.uri, "-D", ROOT_DN, "-w", ROOT_PASSWORD],
            input=text.encode(),
            check=True,
            capture_output=True,
            timeout=30,
        )

    def remove_member(self, group_cn: str, uid: str) -> None:
        self.ldif(
            f"dn: cn={group_cn},{GROUPS}\nchangetype: modify\ndelete: member\nmember: uid={uid},{PEOPLE}\n"
        )

    def add_member(self, group_cn: str, uid: str) -> None:
        self.ldif(
            f"dn: cn={group_cn},{GROUPS}\nchangetype: modify\nadd: member\nmember: uid={uid},{PEOPLE}\n"
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def slapd():
    if not (os.path.exists(SLAPD) and shutil.which("ldapadd")):
        message = f"OpenLDAP's slapd ({SLAPD}) and ldap-utils are needed (apt-get install slapd ldap-utils)"
        if required():
            pytest.fail(message)
        pytest.skip(message)
    server = Slapd()
    try:
        server.start()
        yield server
    finally:
        server.stop()
