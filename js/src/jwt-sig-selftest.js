// Known answers for each host signature primitive and algorithm, checked
// before the primitive's first use for that algorithm: a runtime whose
// crypto silently differs (a node:crypto ignoring dsaEncoding or the PSS
// salt length, a WebCrypto without Ed25519 or P-521) is then not used for
// that algorithm, and the module verifies instead. A host path may be
// missing; it may never give another verdict than the module.
//
// The vectors were made once with node:crypto from test-only keys whose
// private halves were discarded: each algorithm's good signature over
// MESSAGE must verify, the same signature over TAMPERED must not, and
// neither may the listed bad signatures (PSS with a 20-byte salt).

import { runAsync, runSync } from './jwt-steps.js'

const MESSAGE = "eyJhbGciOiJzZWxmLXRlc3QifQ.eyJrYXQiOnRydWV9"

const RSA = {"kty":"RSA","n":"xLsQeIJFVzcxX4Q_CabaI4Wllm-dDfmD8OilO7Gevhp2GZ6IF_GboLzQXitTbszvRWxinPnUmmIajZlw3ZsJoojiLeEp6LWKdtXGmc_2gPZeTsNekHzayatCBarJB_2DF4sLG7JKQI8cl6NRj6d2dGhbWBOmJzjRSlpNC7W3EZrgEy8kwvjpRaaeirV2gif0NOAW9G9RGYMyz7bcAijnwV3q_lKrlk-JHa2NUO9tmXdvv6rJ8aOYdQSPMRdG5fjZMUlsPrdbsBvHvyhhoMG4c56ABt_20Nhe7gWobMJK6MwemOfIHjsd8T1EpfMlM4yOADzM8IpedYTXrGMpQd2teQ","e":"AQAB"}

// alg → [public JWK, good signature, signatures that must be refused]
const VECTORS = {
  RS256: [RSA, "NvOImSx2ar-dEZ_exhHsbH495jPG3VgUoKwHmDZ0jZu3AuoI6V-jv9UNfD_gqLb0Wk3RMPyWAXP2V2o8pVH8OTiNxPbmewSUeOYzjwvJE0EQxLrOOp1qE9fhuC3xXRoq7jnLHXCbZwRskV_fae2V1elSEpuGLW0YmEeGpGHlSDmrnxBqGarxDfo75MdwvUWxKNS9GJO69WkaFtWUFg0j0P1u3gRJDQOjd8EhbZ_9JLpD-6qwnm6ZA9cEAXkWhJkAnZsPUp9YkxwVQk5uTicM_DQ5_SQwAeIIUOhzW29ljLWO2S9ayYoYh57h7ekWSdMQwqYvB1jDbNTLffT0bmFn3A", []],
  RS384: [RSA, "hjB8YhQWECE0uQ1dAV5fw3brdBJvhcLfq12f_Zyl7Jcw-ErlEnds18QmRp14UZW-9HOrISnzAEFxnT1Subxv2oH_eDI7c0INqG1R7VVyIyhFmAHiXSqHurRf7cjsWJKNixbXXkhR7RJDLv2nqf0zvB38e1JU6NhCgNU_JrDNY65Kpz2-PBeuveKIL2x-8xbutqVI6ifo9BkCqSitczAKr7nuSkkzANgFSEbGOKVlyexIqbF3M4bcXqikZ6el2RowqXBLSFf3WzWFipNLcXWOPWKr5JiH7iNTMzNHEtyj7biNVIPKJfIuTKX5c1RfgSLiVeaOPl6V3r2dxRQ6TuAzVQ", []],
  RS512: [RSA, "mvCP7vq1ET4aCFA2RQtAUFd7RmmwRQcmtqnUpOOMxbx_WLJzeAsCE7bqqdQmSlgvbSkrbvpfZoZ4-iJHKAvyJyi1_Zta7PEbddo2UrgCK1-fb-8377EiKV6eEHiePcpWj27ECV4AW8tvZYE977Dwgi_vPq9ZCK6BuMc0ElXKVm51wlb7jg7NQ-cKrUKHRPQ3W2u_s57kqqPSlafrxnnJcxhgb6oOpOYblPxbU3_T9wFngdnv--_Ibg14dWb6Q2eiqOlSYTcfQiNpgBIi4Q4wXc7qx30oSPDcLzncHIFwQmsXuUVsFetV14Xk_VYNx3yJz7AzWFr3buZDJqF5N6Vh-A", []],
  PS256: [RSA, "EwrY-Jwr4-GdbiR3bo6ALBS1F_jr2DewKr2N_WuHyTUeXkDq8dQZR16IuVujgOBEBxWCGQQ7T8kuXwsDdVEnO88HQVyNV43I7E7rLcWF0xHm4hsIgp8CnyA3h5sAwyw2EpoHPn5McUrWh_FEEW6Viorh_E1vjoiTAe1YgfEnPXyuMHk8OLdvA9vljoQx4XJ4iBFY83YidlC6pqbhb_Q4l2kVrU8PaqqCZHY7U-S__tYFA5wEiXw492cy31Lba-QuiqkA5Zi9uCPsavhjODTJviFRteSQ3nYCe9tbwN-pzsljVKJst1qCvVnKXYIlFgJ3slhp-SplUeJDuejVITc7Hw", [
    // salt length 20, not the hash size
    "c_dJabASuRQmzBmg99k9Ly887B3LxPZizyJ4vDq0eHc3vbMftspcV8Lq0AYYeBtzjgcBEJuYicfRt5cj2aC3ds1iOGCxqN-hX4O6zZz9fdaYHkW0CnbxbDTk9sh8lD2VwEsrVslyNFB-DOpffMEMHISlaHdkVtipINoMUBsVWXI2XzZnfic74PIly2hP01g_QPRPrR6RdvrrbXN9PcV8MmnJeaDOpYZ0V85tgeMTt0dFzXfeIuPatnVwjy_SI4Zbi4zZCsw-kI6bOx--ylITlJgmYJkb3lAtbRGaVW4jBhZBkex5njjXzgEo8GJTPtyq9rQZAABOgMD-HV1aroDoeg",
  ]],
  PS384: [RSA, "cUdyCnD7rk4XQefAl8__gHEIdZKik2uQqqOdjTde_UjQp_ciDDl0qBgqAlK9Wu017BS5F8SmtxbZaqcLBfighGfJfTo86TuKh8Hls43NEsQkQ0rO1gmAYjqhs2XoGntWtC9q4__mqrjLVv9GVtX-4V9sYpZKFdSo0G6Mft-J902HBHfNwY_ypufI0SzplaZjyX7FW0Km7aaB7pS2jqQEDy69iIREkcmBWxuF3m4IEQ9mCcJAZwIYbcoXiJ1GbtODCw-M30mzsmEMyu_uOa54wxj6lAWjWxg4KvraLi0tN8ue0kNZWVVXg9t9cY72eoOspnUvitJ0xnxBEuLEXVR3Iw", [
    // salt length 20, not the hash size
    "BUd3EayRWfILIr4zGBCPrhLJSHr8QFQbmLkBJn5-IpsuKt2PPzhtS9jgmfoTnyXYcZN07U4mHASexygkql7n_LDeKgOz4CX-frOc4q5hvGejOlULFDyIrielOO2TAUmaZeYjXZWjyXzBms37F3X55efaQr2wkDqtpZ9WiJSSmPoKjTk-C7ohyO4K8Ya3y9gmvgm-IUxsAAvw1QVdiNKCyJTLj5LpnuR9UKELBMG_q1u_-HXNtmkkyBY2raMMDp2EBS3YwhI_r0RCYlmQbrIqDr2ZUGaTwsaRVFi9cWtIcbpy8GqEaliQWN0dXGOKhbJ1vOdPGu6SpfGk7lBF_ZLUIg",
  ]],
  PS512: [RSA, "bQnWsUBlxKf71-dNm37J6VWssKQmSZ9IET10Dq6-uvnft3IRXyGSJTItAOwUzWJKCdT_WE-ZpQCamez7XAFNC5FI5PKada3pVvpoLmBnOOcOP65yjzIpdoxRGQUTT2aQwZ5Tr84oHlzHVv7sw3gViuigo2SDgC7KW8evd8hlx9WFjzHSXgZXgWNkyEXtdjMI1EyCvsCeoZ-8sdoHjGvGbUz-Bz4mw4wbrLzLFRo4O9nA0A8ehT4cnx4P4dj4hmGt0Y74xDm2h9tYf_WFjo_q44Q1w8rfcBJ6vgTpjdvUs1bbFl5_XcZSEUtBUWKDnXWqRPXejkepSjgYjwkcRDLAhg", [
    // salt length 20, not the hash size
    "xCXT0UicvQ_T0AbFU6pUcS-WXvbEMI_KfXsR_MtiTD04JMZp0FntZWZqOpHoCMtZrASlLuwzY-6kP0i8VZLi8vnJq4alBxkuoHECz477DGx0ez8uSpXOVa110A9JOM_T4lPGhsbFgxM16AfAhw2ccU5XkihWCGB8dl-Dn2mELSKOU5yDO_IiVwPeHOYOmgIUpEQHMP2TxDxxYsZusxXi7nT-q_HYJNKHOcko1Hwl28WUa3bowN7swjf_FG4VMrRqsWggfvEzm3SzFTbUQONFiGyqlYnGZMfGqaZlnHDUe4lm-3YU5QerjDPwIiJGahZeZMIciFQ3d1uwJJ1Byw7nNg",
  ]],
  ES256: [{"kty":"EC","crv":"P-256","x":"ZsvwaKeFHl_0WSgXd7a1n5WrEu24ohnD5fpnJvN6mAs","y":"kN0nvl_Yckvl72ntx0RcP0-7_UKGZRZN-ha84p4_RqQ"}, "Y61EmNi6R8l1cer7BRjRybcx44hFhmYrXC1SWMRSVbX3m6pHj-MZFgcqcPqDlsjatm383rtja72HzxPLQGX4Cg", []],
  ES384: [{"kty":"EC","crv":"P-384","x":"7JsKQU1iA_jo47K1_B0v1u5e77c_aqV5iPK_aQwnz163yXwnDsY2wyR_714L3c4h","y":"miQ7AKIS-ELJhZBnI3_mJ87Su3zdgdy6LdXuHytRPu-151ykbD1oN_xlLmQGf5hW"}, "eSHCrI6i6C-0YJ6d04wuN9-BXSgtkrIH6AgP18uzbblXVRx48Kpbq-D-WCCk9Wr2YVqFLkp1uJF0lHs76-dgI-3vXOC-RSu8D0I5JOIQL5BUmPHN8PrPdsZPVahjVZOI", []],
  ES512: [{"kty":"EC","crv":"P-521","x":"ANHQVaO_4I7sfT9YW3RTthC-3oWLElaqYDcXN29uDalgL7or4JUsQHM7zfjeW5NAxapKBtsQJ-EIcMHpk93aDZO_","y":"AZwz6UqWXMBcvKRFEDyXGaVnE3-f6oRQy9yiU4v1HHCyPFQjrpLmFNpJv7tbfuWsIv9fyzI7-k615IANSJz-fdKg"}, "AR9QkjtJdtQzpCN5rMY79MuNgRE7tYnJCOSi3XMPFDi3dpA5yxApHgnwpqxBXAmH5rqjZMqVmfFwvyUAJUTGZSKnAENIuecn_kaEbBGXZbsQJMfaFIP2bTQOpM932NfZQYVNDWSprSl7UVhhYdr8k-6k7Y9zEzvMYd-GoOErAXfiWArG", []],
  EdDSA: [{"kty":"OKP","crv":"Ed25519","x":"4-orBRLyev1DyvfgDrYouPVrvcOY9FUlGPoiQC_s3E0"}, "NuFnLKdyC1cl70N13_5qcxRhho8YaUMgbbqaArIrPkrBidvfQSdAw9ekiZ61TU6gqFutUUUTmHtRPus_RGVVCg", []],
}

// MESSAGE with its last character changed: still canonical base64url.
const TAMPERED = `${MESSAGE.slice(0, -1)}0`

// One result per primitive and algorithm: a boolean, or a promise of one.
const results = new WeakMap()

/**
 * Whether `crypto` verifies `alg` exactly as the module does, by its known
 * answers; computed once per primitive and algorithm. A boolean for a
 * synchronous primitive, a promise of one otherwise.
 * @param {import('./jwt-host.js').JwtCrypto} crypto
 * @param {string} alg
 * @returns {boolean | Promise<boolean>}
 */
export function selfTest(crypto, alg) {
  let byAlg = results.get(crypto)
  if (!byAlg) results.set(crypto, (byAlg = new Map()))
  let r = byAlg.get(alg)
  if (r === undefined) {
    const steps = knownAnswers(crypto, alg)
    r = crypto.sync ? runSync(steps) : runAsync(steps)
    byAlg.set(alg, r)
  }
  return r
}

function* knownAnswers(crypto, alg) {
  const vector = VECTORS[alg === 'Ed25519' ? 'EdDSA' : alg]
  if (!vector) return false
  const [jwk, good, bad] = vector
  try {
    const key = yield crypto.importKey(jwk, alg)
    if ((yield crypto.verify(alg, key, `${MESSAGE}.${good}`, MESSAGE.length)) !== true) return false
    if ((yield crypto.verify(alg, key, `${TAMPERED}.${good}`, TAMPERED.length)) !== false) return false
    for (const sig of bad) {
      if ((yield crypto.verify(alg, key, `${MESSAGE}.${sig}`, MESSAGE.length)) !== false) return false
    }
    return true
  } catch {
    return false
  }
}
