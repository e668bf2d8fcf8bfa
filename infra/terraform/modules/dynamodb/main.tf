locals {
  key_id_index_name = "keyId-index"
}

# API keys. Only the SHA-256 of a key is stored (keyHash); keyId is the public short id
# the CLI uses to list and revoke keys, hence the keyId-index.
resource "aws_dynamodb_table" "keys" {
  #checkov:skip=CKV_AWS_119:Encrypted with the AWS managed key by default; pass kms_key_arn to use a customer managed key.
  name                        = var.keys_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "keyHash"
  deletion_protection_enabled = var.deletion_protection_enabled

  attribute {
    name = "keyHash"
    type = "S"
  }

  attribute {
    name = "keyId"
    type = "S"
  }

  global_secondary_index {
    name            = local.key_id_index_name
    hash_key        = "keyId"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}

# Usage counters: one small item per key per minute, day and month. Each item carries
# expiresAt (epoch seconds) so DynamoDB deletes it for free once its window has passed.
resource "aws_dynamodb_table" "usage" {
  #checkov:skip=CKV_AWS_119:Encrypted with the AWS managed key by default; pass kms_key_arn to use a customer managed key.
  name                        = var.usage_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = var.deletion_protection_enabled

  attribute {
    name = "pk"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}
