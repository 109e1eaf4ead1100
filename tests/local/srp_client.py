"""The client side of Cognito's USER_SRP_AUTH, written from Amplify's AuthenticationHelper
algorithm, so the tests prove the emulator accepts what a real client computes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from typing import Any

N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E"
    "3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF"
    "5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D3"
    "9A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08"
    "CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF69558171839"
    "95497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DB"
    "EF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA"
    "06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = 2


def _pad(value: int) -> str:
    text = f"{value:x}"
    if len(text) % 2 == 1:
        return "0" + text
    return "00" + text if int(text[0], 16) >= 8 else text


def _h(hex_text: str) -> int:
    return int(hashlib.sha256(bytes.fromhex(hex_text)).hexdigest(), 16)


class SrpClient:
    def __init__(self, user_pool_id: str, client_id: str) -> None:
        self.pool_name = user_pool_id.split("_")[1]
        self.client_id = client_id
        # 128 random bytes, as Amplify JS draws it.
        self.small_a = secrets.randbits(1024) | 1
        self.large_a = pow(G, self.small_a, N)

    def initiate(self, idp: Any, username: str) -> dict[str, Any]:
        response: dict[str, Any] = idp.initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": username, "SRP_A": f"{self.large_a:x}"},
        )
        return response

    def answer(self, challenge: dict[str, str], password: str, now: datetime) -> dict[str, str]:
        large_b = int(challenge["SRP_B"], 16)
        user_id = challenge["USER_ID_FOR_SRP"]
        k = _h(_pad(N) + _pad(G))
        u = _h(_pad(self.large_a) + _pad(large_b))
        identity = hashlib.sha256(f"{self.pool_name}{user_id}:{password}".encode()).hexdigest()
        x = _h(_pad(int(challenge["SALT"], 16)) + identity)
        shared = pow((large_b - k * pow(G, x, N)) % N, self.small_a + u * x, N)
        prk = hmac.new(bytes.fromhex(_pad(u)), bytes.fromhex(_pad(shared)), "sha256").digest()
        key = hmac.new(prk, b"Caldera Derived Key\x01", "sha256").digest()[:16]
        timestamp = f"{now:%a %b} {now.day} {now:%H:%M:%S} UTC {now:%Y}"
        message = (
            self.pool_name.encode()
            + user_id.encode()
            + base64.b64decode(challenge["SECRET_BLOCK"])
            + timestamp.encode()
        )
        signature = base64.b64encode(hmac.new(key, message, "sha256").digest()).decode()
        return {
            "USERNAME": challenge["USERNAME"],
            "PASSWORD_CLAIM_SECRET_BLOCK": challenge["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": signature,
            "TIMESTAMP": timestamp,
        }

    def sign_in(self, idp: Any, username: str, password: str) -> dict[str, Any]:
        started = self.initiate(idp, username)
        assert started["ChallengeName"] == "PASSWORD_VERIFIER"
        response: dict[str, Any] = idp.respond_to_auth_challenge(
            ClientId=self.client_id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=self.answer(
                started["ChallengeParameters"], password, datetime.now(UTC)
            ),
        )
        return response
