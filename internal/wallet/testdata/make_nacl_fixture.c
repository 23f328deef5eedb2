/*
 * Generates nacl_coldkey.bin: a $NACL keyfile sealed by libsodium exactly as btwallet
 * (sodiumoxide) seals one: key = crypto_pwhash argon2i13, OPSLIMIT_SENSITIVE (8),
 * MEMLIMIT_SENSITIVE (512 MiB), btwallet's fixed NACL_SALT; box = crypto_secretbox_easy.
 * The plaintext is the btwallet keyfile JSON for the ecosystem.md §2.6 test mnemonic,
 * its values copied from the spec's vectors. Password: "taokit-test-pw".
 *
 * Build (no headers needed; links the system libsodium):
 *   gcc -O2 -o /tmp/mkfix make_nacl_fixture.c /usr/lib/x86_64-linux-gnu/libsodium.so.23
 *   /tmp/mkfix > nacl_coldkey.bin
 */
#include <stdio.h>
#include <string.h>

int sodium_init(void);
int crypto_pwhash(unsigned char *out, unsigned long long outlen, const char *passwd,
                  unsigned long long passwdlen, const unsigned char *salt,
                  unsigned long long opslimit, size_t memlimit, int alg);
int crypto_secretbox_easy(unsigned char *c, const unsigned char *m, unsigned long long mlen,
                          const unsigned char *n, const unsigned char *k);
void randombytes_buf(void *buf, size_t size);

static const unsigned char salt[16] = {0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc,
                                       0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1};

int main(void) {
    const char *pw = "taokit-test-pw";
    const char *json =
        "{\"secretSeed\":\"0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143\","
        "\"ss58Address\":\"5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX\","
        "\"publicKey\":\"0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446\","
        "\"privateKey\":\"0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a"
        "9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e\","
        "\"accountId\":\"0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446\","
        "\"secretPhrase\":\"old leopard transfer rib spatial phone calm indicate online fire caution review\"}";
    unsigned char key[32], nonce[24], box[1024];
    size_t mlen = strlen(json);
    if (sodium_init() < 0) return 1;
    if (crypto_pwhash(key, 32, pw, strlen(pw), salt, 8ULL, 536870912, 1 /* ARGON2I13 */) != 0) return 2;
    randombytes_buf(nonce, sizeof nonce);
    if (crypto_secretbox_easy(box, (const unsigned char *)json, mlen, nonce, key) != 0) return 3;
    fwrite("$NACL", 1, 5, stdout);
    fwrite(nonce, 1, sizeof nonce, stdout);
    fwrite(box, 1, mlen + 16, stdout);
    return 0;
}
