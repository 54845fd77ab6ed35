from ninja import Router

router = Router(tags=["tổ chức"])
