from ninja import Router

router = Router(tags=["thời gian làm việc"])
