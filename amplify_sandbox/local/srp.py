"""The server side of Cognito's SRP-6a password check (USER_SRP_AUTH / PASSWORD_VERIFIER).

Cognito's variant: the 3072-bit group of RFC 3526 with g = 2, k = H(N | g), hex strings padded
the way Amplify's `AuthenticationHelper` pads them, a 16-byte HKDF key with the info
"Caldera Derived Key", and an HMAC-SHA256 claim over
pool-name-part | user-id-for-srp | secret block | timestamp.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E"
    "3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF"
    "5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D3"
    "9A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08"
    "CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF69558171839"
    "95497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DB"
    "EF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA"
    "06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
DERIVED_KEY_INFO = b"Caldera Derived Key"


def pad_hex(value: int) -> str:
    """Hex of a non-negative integer as Cognito hashes it: even length, no leading 1 bit."""
    text = format(value, "x")
    if len(text) % 2:
        text = "0" + text
    elif text[0] in "89abcdef":
        text = "00" + text
    return text


def hex_hash(hex_string: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_string)).hexdigest()


def _hash_to_int(hex_string: str) -> int:
    return int(hex_hash(hex_string), 16)


K = _hash_to_int(pad_hex(N) + pad_hex(G))


def pool_name_part(user_pool_id: str) -> str:
    """The part of a user pool id after the region, which Cognito mixes into every hash."""
    return user_pool_id.split("_", 1)[1]


def password_exponent(pool_name: str, user_id: str, password: str, salt_hex: str) -> int:
    """x = H(salt | H(pool-name-part | user-id-for-srp | ":" | password))."""
    inner = hashlib.sha256(f"{pool_name}{user_id}:{password}".encode()).hexdigest()
    return _hash_to_int(pad_hex(int(salt_hex, 16)) + inner)


def scrambler(large_a: int, large_b: int) -> int:
    """u = H(A | B)."""
    return _hash_to_int(pad_hex(large_a) + pad_hex(large_b))


def derive_key(shared_secret: int, u: int) -> bytes:
    """HKDF-SHA256 (one block, first 16 bytes) of S, salted with u."""
    prk = hmac.new(bytes.fromhex(pad_hex(u)), bytes.fromhex(pad_hex(shared_secret)), "sha256")
    okm = hmac.new(prk.digest(), DERIVED_KEY_INFO + b"\x01", "sha256").digest()
    return okm[:16]


def claim_signature(
    key: bytes, pool_name: str, user_id: str, secret_block: str, timestamp: str
) -> str:
    """The base64 PASSWORD_CLAIM_SIGNATURE the client must send for this key."""
    message = (
        pool_name.encode() + user_id.encode() + base64.b64decode(secret_block) + timestamp.encode()
    )
    return base64.b64encode(hmac.new(key, message, "sha256").digest()).decode()


@dataclass(frozen=True)
class ServerChallenge:
    """One PASSWORD_VERIFIER challenge as issued: what the server needs to check the answer."""

    user_pool_id: str
    username: str
    user_id_for_srp: str
    salt_hex: str
    verifier: int
    large_a: int
    small_b: int
    large_b: int
    secret_block: str


def new_challenge(
    user_pool_id: str,
    username: str,
    user_id_for_srp: str,
    salt_hex: str,
    verifier: int,
    srp_a_hex: str,
) -> ServerChallenge | None:
    """Issue B for the client's A, from the user's stored salt and verifier v = g^x, or None when
    A is not a valid public value (A mod N == 0)."""
    try:
        large_a = int(srp_a_hex, 16)
    except ValueError:
        return None
    if large_a % N == 0:
        return None
    while True:
        small_b = secrets.randbits(1024)
        large_b = (K * verifier + pow(G, small_b, N)) % N
        if large_b != 0 and scrambler(large_a, large_b) != 0:
            break
    return ServerChallenge(
        user_pool_id=user_pool_id,
        username=username,
        user_id_for_srp=user_id_for_srp,
        salt_hex=salt_hex,
        verifier=verifier,
        large_a=large_a,
        small_b=small_b,
        large_b=large_b,
        secret_block=base64.b64encode(secrets.token_bytes(64)).decode(),
    )


def verify_claim(challenge: ServerChallenge, timestamp: str, signature: str) -> bool:
    """True when `signature` proves the client knows the password behind the challenge's
    verifier (S = (A * v^u)^b mod N)."""
    pool_name = pool_name_part(challenge.user_pool_id)
    verifier = challenge.verifier
    u = scrambler(challenge.large_a, challenge.large_b)
    shared = pow(challenge.large_a * pow(verifier, u, N), challenge.small_b, N)
    expected = claim_signature(
        derive_key(shared, u),
        pool_name,
        challenge.user_id_for_srp,
        challenge.secret_block,
        timestamp,
    )
    return hmac.compare_digest(expected.encode(), signature.encode())
