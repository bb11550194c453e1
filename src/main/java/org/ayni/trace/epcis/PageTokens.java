package org.ayni.trace.epcis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The {@code nextPageToken} of event queries, sealed (AES-GCM, a fresh nonce each) with a key the
 * database keeps: a token names the log position its page starts after, which would tell anyone
 * paging how many events the whole platform records, and sealed it tells nothing and cannot be made
 * up or altered. The key is made at random the first time and kept in {@code epcis_secret}, so that
 * tokens serve on every instance of the database and after restarts.
 */
@Component
class PageTokens {

  private static final String NAME = "page-token";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final SecureRandom random = new SecureRandom();
  private final SecretKey key;

  PageTokens(JdbcClient jdbc) {
    this.key = new SecretKeySpec(key(jdbc, random), "AES");
  }

  /** The stored key, made and stored first if there is none (the first stored wins a race). */
  private static byte[] key(JdbcClient jdbc, SecureRandom random) {
    String read = "select secret from epcis_secret where name = ?";
    String stored = jdbc.sql(read).param(NAME).query(String.class).optional().orElse(null);
    if (stored == null) {
      byte[] made = new byte[32];
      random.nextBytes(made);
      try {
        jdbc.sql(
                "insert into epcis_secret (name, secret) select ?, ?"
                    + " where not exists (select 1 from epcis_secret where name = ?)")
            .params(NAME, Base64.getEncoder().encodeToString(made), NAME)
            .update();
      } catch (DataIntegrityViolationException another) {
        // another instance starting at the same moment stored its key first: read below
      }
      stored = jdbc.sql(read).param(NAME).query(String.class).single();
    }
    return Base64.getDecoder().decode(stored);
  }

  /** The token sealed, in URL-safe Base64. */
  String seal(String token) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * The token a sealed one holds; one not sealed with this key, or altered, is a {@code
   * QueryParameterException}, as a token of another query is.
   */
  String open(String sealed) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(sealed);
      if (bytes.length > NONCE) {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE));
        return new String(
            cipher.doFinal(bytes, NONCE, bytes.length - NONCE), StandardCharsets.UTF_8);
      }
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      // not Base64, too short, altered or another key's: refused below
    }
    throw new EpcisException(
        EpcisException.Type.QueryParameterException,
        "epcis.query.token",
        EpcisQueryParameters.shortened(sealed));
  }

  /**
   * A refusal of an opened token (of another query, or past {@code eventCountLimit}) naming the
   * token as the client sent it: the opened text holds the log position the seal hides.
   */
  EpcisException asSent(EpcisException refusal, MultiValueMap<String, String> parameters) {
    List<String> sent = parameters.get("nextPageToken");
    if (!"epcis.query.token".equals(refusal.messageKey()) || sent == null || sent.size() != 1) {
      return refusal;
    }
    return new EpcisException(
        EpcisException.Type.QueryParameterException,
        "epcis.query.token",
        EpcisQueryParameters.shortened(sent.getFirst()));
  }

  /** The parameters with their {@code nextPageToken} (if any) opened. */
  MultiValueMap<String, String> opened(MultiValueMap<String, String> parameters) {
    if (!parameters.containsKey("nextPageToken")) {
      return parameters;
    }
    MultiValueMap<String, String> copy = new LinkedMultiValueMap<>(parameters);
    copy.put("nextPageToken", parameters.get("nextPageToken").stream().map(this::open).toList());
    return copy;
  }
}
